/** The tunables of ingest and the live hub; server/config.ts fills them from the environment. */
export interface IngestSettings {
  /** A disarm followed by a re-arm within this time is one flight, not two [s]. */
  armGraceS: number;
  /** A flight whose vehicle has not been heard for this long is closed [s]. */
  linkSilentTimeoutS: number;
  /**
   * An armed vehicle not heard for this long raises a `link-lost` alert, and `link-restored`
   * when heard again [s]. ArduCopter's own ground-station failsafe (FS_GCS_TIMEOUT) defaults to 5 s.
   */
  linkLostAfterS: number;
  /** A flight's summary in the flights collection is rewritten at most this often [s]. */
  summaryIntervalS: number;
  /** Vehicle state goes to browsers at most this often per vehicle [Hz]. */
  liveStateHz: number;
  /**
   * A link's compactor starts a pass at most this often [s]; what arrives meanwhile is folded
   * in the next. Each pass rewrites the state of every vehicle it touched and stores a raw
   * piece per flight, so fewer, larger passes cost the database much less. Batches are acked
   * once logged and browsers are told before they are folded, so this delays neither.
   */
  foldIntervalS: number;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  armGraceS: 10,
  linkSilentTimeoutS: 60,
  linkLostAfterS: 5,
  summaryIntervalS: 5,
  liveStateHz: 10,
  foldIntervalS: 1,
};
