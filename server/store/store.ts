import type { Connection } from 'mongoose';

declare const storeBrand: unique symbol;

/**
 * Sortie's storage as the rest of the server holds it: a handle that only the functions in
 * `server/store/` can open. Callers speak in flights, samples, events, raw pieces and catalog
 * queries; collections, document layouts and the embedded engine's workarounds stay here.
 */
export interface Store {
  readonly [storeBrand]: true;
}

const connectionByStore = new WeakMap<Store, Connection>();
const storeByConnection = new WeakMap<Connection, Store>();

/** The store on an open connection (one per connection, so caches keyed by it are shared). */
export function openStore(connection: Connection): Store {
  let store = storeByConnection.get(connection);
  if (!store) {
    store = Object.freeze({}) as Store;
    storeByConnection.set(connection, store);
    connectionByStore.set(store, connection);
  }
  return store;
}

/** For `server/store/` only: the connection behind a store. */
export function connectionOf(store: Store): Connection {
  const connection = connectionByStore.get(store);
  if (!connection) throw new Error('not a store opened by openStore');
  return connection;
}
