import { mongo } from 'mongoose';

/**
 * The MongoDB driver that mongoose itself runs on, re-exported so collections taken from a
 * mongoose connection and the code using them share one set of types.
 */
export type Db = mongo.Db;
export type Collection<T extends mongo.Document> = mongo.Collection<T>;
export type Document = mongo.Document;
export type OptionalUnlessRequiredId<T> = mongo.OptionalUnlessRequiredId<T>;
export type Filter<T> = mongo.Filter<T>;
export type Binary = mongo.Binary;
export const Binary = mongo.Binary;
export const MongoBulkWriteError = mongo.MongoBulkWriteError;
export const MongoServerError = mongo.MongoServerError;
export const BSON = mongo.BSON;
