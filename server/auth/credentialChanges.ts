import { EventEmitter } from 'node:events';
import type { Connection } from 'mongoose';

/**
 * A key revoked, a session ended, a user disabled or changed, a vehicle moved to another maker:
 * open sockets must follow within a second. Each such change bumps one counter document, which
 * every server instance reads by `_id` a few times a second (one cheap lookup for all its
 * sockets) and re-checks its sockets when it moved; the instance that made the change is told
 * at once, in process.
 */
interface StoredCredentialEpoch {
  _id: string;
  epoch: number;
}

const EPOCH_ID = 'credentials';
const emitters = new WeakMap<Connection, EventEmitter>();

function emitterOf(connection: Connection): EventEmitter {
  let emitter = emitters.get(connection);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    emitters.set(connection, emitter);
  }
  return emitter;
}

function epochs(connection: Connection) {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  return db.collection<StoredCredentialEpoch>('credentialChanges');
}

/** Call after the change is stored: whoever then reads the new epoch sees the change. */
export async function announceCredentialChange(connection: Connection): Promise<void> {
  await epochs(connection).updateOne({ _id: EPOCH_ID }, { $inc: { epoch: 1 } }, { upsert: true });
  emitterOf(connection).emit('change');
}

export async function readCredentialEpoch(connection: Connection): Promise<number> {
  return (await epochs(connection).findOne({ _id: EPOCH_ID }))?.epoch ?? 0;
}

/** Listens for changes announced in this process; returns the unsubscribe. */
export function onCredentialChange(connection: Connection, listener: () => void): () => void {
  const emitter = emitterOf(connection);
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}
