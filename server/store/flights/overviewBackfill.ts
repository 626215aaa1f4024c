import type { Logger } from 'pino';
import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import type { FlightStorageIndex } from '../../ingest/vehicleIngestState.js';
import { findBucketsById } from './findBucketsById.js';
import { findByIds } from './findByIds.js';
import { flightStorageCollection, fromFlightStorageDocument } from './flightStorage.js';
import type { Db } from '../driver.js';
import { addBucketToPage, emptyOverviewPage, overviewDocument } from './overviewPageBuilder.js';
import { bucketId } from './telemetryBuckets.js';
import {
  OVERVIEW_BUCKETS_PER_PAGE,
  overviewCollection,
  overviewPageId,
} from './telemetryOverview.js';

/**
 * Writes the overview pages a closed flight lacks, or holds only in part, from its sealed
 * buckets: flights stored before overviews existed have none, and a page being filled when a
 * server restarted (or another took the link over) misses the buckets before that moment.
 * A complete page is left as it is. Returns how many pages were written.
 */
export async function completeFlightOverview(
  db: Db,
  flightId: string,
  index: FlightStorageIndex,
): Promise<number> {
  let written = 0;
  for (const [kind, { t0s }] of Object.entries(index.kinds) as [SampleKind, { t0s: number[] }][]) {
    const pageCount = Math.ceil(t0s.length / OVERVIEW_BUCKETS_PER_PAGE);
    const pageNumbers = Array.from({ length: pageCount }, (_, page) => page);
    const collection = overviewCollection(db, kind);
    const stored = await findByIds(
      collection,
      pageNumbers.map((page) => overviewPageId(flightId, kind, page)),
      { bucketIndexes: 1 },
    );
    for (const page of pageNumbers) {
      const first = page * OVERVIEW_BUCKETS_PER_PAGE;
      const bucketCount = Math.min(OVERVIEW_BUCKETS_PER_PAGE, t0s.length - first);
      if (stored[page]?.bucketIndexes.length === bucketCount) continue;
      const ids = Array.from({ length: bucketCount }, (_, i) =>
        bucketId(flightId, kind, first + i),
      );
      const built = emptyOverviewPage(page);
      for (const bucket of await findBucketsById(db, ids, {})) {
        if (bucket) addBucketToPage(built, bucket);
      }
      const document = overviewDocument(flightId, kind, built);
      await collection.replaceOne({ _id: document._id }, document, { upsert: true });
      written++;
    }
  }
  return written;
}

/**
 * Completes the overview of every closed flight not yet checked, and marks each checked
 * (`overviewComplete` on its storage document) so the next run skips it. Logs its progress;
 * stops between flights once `shouldStop` says so.
 */
export async function backfillOverviews(
  db: Db,
  logger: Logger,
  shouldStop: () => boolean = () => false,
): Promise<{ flights: number; pages: number }> {
  const storage = flightStorageCollection(db);
  const unchecked = await storage
    .find({ overviewComplete: { $ne: true } }, { projection: { _id: 1 } })
    .toArray();
  if (unchecked.length === 0) return { flights: 0, pages: 0 };
  const startedMs = performance.now();
  logger.info({ flights: unchecked.length }, 'overview backfill: checking closed flights');
  let flights = 0;
  let pages = 0;
  for (const { _id: flightId } of unchecked) {
    if (shouldStop()) break;
    const document = await storage.findOne({ _id: flightId });
    if (!document) continue;
    pages += await completeFlightOverview(db, flightId, fromFlightStorageDocument(document));
    await storage.updateOne({ _id: flightId }, { $set: { overviewComplete: true } });
    flights++;
    if (flights % 25 === 0) {
      logger.info({ flights, of: unchecked.length, pages }, 'overview backfill: progress');
    }
  }
  logger.info(
    { flights, pages, seconds: +((performance.now() - startedMs) / 1000).toFixed(1) },
    'overview backfill: done',
  );
  return { flights, pages };
}

/** Runs the backfill soon after start and then now and then, one run at a time. */
export class OverviewBackfill {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: () => Db,
    private readonly logger: Logger,
    private readonly firstRunAfterMs = 5_000,
    private readonly intervalMs = 10 * 60_000,
  ) {}

  start(): void {
    this.schedule(this.firstRunAfterMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(afterMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = backfillOverviews(this.db(), this.logger, () => this.stopped)
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'overview backfill failed; will try again');
        })
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, afterMs);
    this.timer.unref();
  }
}
