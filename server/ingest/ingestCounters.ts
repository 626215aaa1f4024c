/** What /ingest has done since start, for logs, health and the benchmark. */
export interface IngestCounters {
  batchesStored: number;
  duplicates: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
  /** Values, samples, events and raw records taken out of batches as impossible, per reason. */
  droppedByReason: Record<string, number>;
  storageErrors: number;
  samples: number;
  rawFrames: number;
}

export function newIngestCounters(): IngestCounters {
  return {
    batchesStored: 0,
    duplicates: 0,
    rejected: 0,
    rejectedByCode: {},
    droppedByReason: {},
    storageErrors: 0,
    samples: 0,
    rawFrames: 0,
  };
}

export function countRejection(counters: IngestCounters, code: string): void {
  counters.rejected++;
  counters.rejectedByCode[code] = (counters.rejectedByCode[code] ?? 0) + 1;
}

export function countDropped(counters: IngestCounters, dropped: Record<string, number>): void {
  for (const [reason, n] of Object.entries(dropped)) {
    counters.droppedByReason[reason] = (counters.droppedByReason[reason] ?? 0) + n;
  }
}
