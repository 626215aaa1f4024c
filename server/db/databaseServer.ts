/** Which kind of server Sortie's data lives on. */
export type DatabaseEngine = 'mongodb' | 'ferretdb';

/** How the server was found: given by URI, or started by Sortie itself. */
export type DatabaseOrigin = 'uri' | 'mongodb-memory-server' | 'ferretdb-embedded';

/** A running database server Sortie can connect to. */
export interface DatabaseServer {
  origin: DatabaseOrigin;
  /** Connection string without a database name. */
  uri: string;
  /** The engine version as the launcher reported it, when Sortie started the server. */
  launcherVersion?: string;
  /** Stops the server if Sortie started it; a no-op for a server given by URI. */
  stop(): Promise<void>;
  /**
   * For a server Sortie keeps running itself: told `false` the moment its process dies and
   * `true` once a restarted one is ready. A server given by URI is watched by the driver alone.
   */
  onRunningChange?(listener: (running: boolean) => void): void;
}

/** Raised when no database can be had; its message tells the user how to get one. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}
