import type { Connection } from 'mongoose';
import {
  keyIdOf,
  signEvidence,
  type EvaluationEvidence,
  type SignedEvaluation,
} from '../../telemetry/evidence/signedEvaluation.js';
import { loadOrCreateSigningKey, type KeyPair } from './signingKeyFile.js';
import { signingKeyModel } from '../store/models/signingKey.js';

/** Signs evaluations with the range's key. */
export interface RangeSigner {
  keyId: string;
  sign(document: EvaluationEvidence): SignedEvaluation;
}

const signers = new WeakMap<Connection, RangeSigner>();

/**
 * Loads (or creates) the range's key from `keyFile`, publishes its public half in the database
 * and makes it the signer for evaluations stored through `connection`. A key seen for the
 * first time takes over: the keys before it get their end of validity, and stay.
 */
export async function openRangeSigner(
  connection: Connection,
  keyFile: string,
): Promise<RangeSigner> {
  return attachKeyPair(connection, loadOrCreateSigningKey(keyFile));
}

export async function attachKeyPair(connection: Connection, pair: KeyPair): Promise<RangeSigner> {
  const keyId = keyIdOf(pair.publicKey);
  const SigningKey = signingKeyModel(connection);
  const now = new Date();
  const published = await SigningKey.updateOne(
    { _id: keyId },
    {
      $setOnInsert: {
        algorithm: 'Ed25519',
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        validFrom: now,
        validUntil: null,
      },
    },
    { upsert: true },
  );
  if (published.upsertedCount > 0) {
    await SigningKey.updateMany(
      { _id: { $ne: keyId }, validUntil: null },
      { $set: { validUntil: now } },
    );
  }
  const signer: RangeSigner = {
    keyId,
    sign: (document) => signEvidence(document, pair.privateKey, pair.publicKey),
  };
  signers.set(connection, signer);
  return signer;
}

/** The signer `openRangeSigner` attached to this connection. */
export function rangeSignerOf(connection: Connection): RangeSigner {
  const signer = signers.get(connection);
  if (!signer) {
    throw new Error('No range signing key is loaded: the server opens it at start-up.');
  }
  return signer;
}

export interface SigningKeyView {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  validFrom: Date;
  validUntil: Date | null;
}

/** Every public key the range has signed with, newest first. */
export async function listSigningKeys(connection: Connection): Promise<SigningKeyView[]> {
  const keys = await signingKeyModel(connection).find().lean();
  return keys
    .map((key) => ({
      keyId: key._id,
      algorithm: key.algorithm,
      publicKeyPem: key.publicKeyPem,
      validFrom: key.validFrom,
      validUntil: key.validUntil ?? null,
    }))
    .sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime());
}
