import { type Connection } from 'mongoose';
import { EntityId } from '../../store/ids.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { SAMPLE_KINDS, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import {
  appendSample,
  sealAllBuckets,
  type SealedDocuments,
} from '../../store/ingest/bucketAppender.js';
import { addSampleToSummary, emptySummary, summaryForFlight } from '../../ingest/flightSummary.js';
import { forgetOverview } from '../../store/ingest/overviewAppender.js';
import type { ResolvedVehicle } from '../../ingest/vehicleResolver.js';
import type { OpenFlight } from '../../ingest/vehicleIngestState.js';
import { getModels } from '../../store/models/models.js';
import {
  eventId,
  flightEventsCollection,
  type StoredFlightEvent,
} from '../../store/flights/flightEventStore.js';
import {
  flightStorageCollection,
  toFlightStorageDocument,
} from '../../store/flights/flightStorage.js';
import type { Db } from '../../store/driver.js';
import { telemetryCollection } from '../../store/flights/telemetryBuckets.js';
import { overviewCollection } from '../../store/flights/telemetryOverview.js';
import type { OnboardLogSink } from './onboardLogFormats.js';

/** Sealed buckets held before they are written: a few MB at most. */
const WRITE_EVERY_BUCKETS = 64;
/** Events per write: one flight may log thousands (PX4 events, repeated messages). */
const EVENTS_PER_WRITE = 1000;

export interface ImportedFlightDraft {
  flightId: string;
  armedAtUs: number;
  disarmedAtUs: number | null;
  startedAtUs: number;
  lastUs: number;
  sampleCount: number;
  eventCount: number;
}

interface Segment {
  flight: OpenFlight;
  events: FlightEvent[];
  sampleCount: number;
}

/**
 * Stores the flights of an onboard log as ingest stores a live one: the same buckets and
 * overview pages (ingest's bucket appender), the same summary, numbered events and the storage
 * index, then the flight document, all under a fresh flight id per flight.
 *
 * A flight is the log from the end of the previous one to its disarm; a re-arm within
 * `armGraceS` of a disarm continues it, as at ingest. Samples before an arm are its pre-flight
 * part; a part that never arms (the log's end on the ground) is deleted, as ingest discards it.
 * Buckets are written while the log is read; flight documents only at `finish`, so a failed
 * import lists nothing and `discard` removes every document written.
 */
export class ImportFlightWriter implements OnboardLogSink {
  private readonly db: Db;
  private segment: Segment | null = null;
  private readonly kept: Segment[] = [];
  private readonly writtenIds: string[] = [];
  private sealed: SealedDocuments = { buckets: [], overviewPages: [] };
  private writing: Promise<void> = Promise.resolve();
  private readonly graceUs: number;

  constructor(
    private readonly connection: Connection,
    private readonly vehicle: ResolvedVehicle & { rangeId: string | null },
    private readonly source: { linkId: string; sysId: number },
    armGraceS: number,
  ) {
    this.db = connection.db as Db;
    this.graceUs = armGraceS * 1e6;
  }

  batch(samples: AnySample[], events: FlightEvent[]): void {
    // The reader hands a batch's events apart from its samples: fold them in time order.
    const ordered = [...events].sort((a, b) => a.tUs - b.tUs);
    let e = 0;
    for (const sample of samples) {
      while (e < ordered.length && ordered[e]!.tUs <= sample.tUs) this.event(ordered[e++]!);
      this.sample(sample);
    }
    while (e < ordered.length) this.event(ordered[e++]!);
    if (this.sealed.buckets.length >= WRITE_EVERY_BUCKETS) this.write();
  }

  drain(): Promise<void> {
    return this.writing;
  }

  private current(tUs: number): Segment {
    let segment = this.segment;
    const flight = segment?.flight;
    if (
      segment &&
      flight &&
      !flight.armed &&
      flight.disarmedAtUs !== null &&
      tUs - flight.disarmedAtUs > this.graceUs
    ) {
      this.close(segment);
      segment = null;
    }
    if (!segment) {
      segment = { flight: newOpenFlight(tUs), events: [], sampleCount: 0 };
      this.writtenIds.push(segment.flight.flightId);
      this.segment = segment;
    }
    return segment;
  }

  private sample(sample: AnySample): void {
    const segment = this.current(sample.tUs);
    const { flight } = segment;
    if (!appendSample(flight, sample, this.sealed)) return;
    segment.sampleCount++;
    flight.lastTUs = Math.max(flight.lastTUs, sample.tUs);
    addSampleToSummary(flight.summary, sample, flight.armed);
  }

  private event(event: FlightEvent): void {
    const segment = this.current(event.tUs);
    const { flight } = segment;
    if (event.type === 'arm') {
      flight.armed = true;
      flight.armedAtUs ??= event.tUs;
      flight.disarmedAtUs = null;
    } else if (event.type === 'disarm' && flight.armed) {
      flight.armed = false;
      flight.disarmedAtUs = event.tUs;
    }
    segment.events.push(event);
    flight.lastTUs = Math.max(flight.lastTUs, event.tUs);
  }

  private close(segment: Segment): void {
    sealAllBuckets(segment.flight, this.sealed);
    if (segment.flight.armedAtUs === null) {
      forgetOverview(segment.flight.flightId);
      const id = segment.flight.flightId;
      this.sealed.buckets = this.sealed.buckets.filter((b) => b.flightId !== id);
      this.sealed.overviewPages = this.sealed.overviewPages.filter((p) => p.flightId !== id);
      this.chain(() => this.deleteFlightData([id]));
      return;
    }
    this.kept.push(segment);
    this.write();
  }

  private write(): void {
    const { buckets, overviewPages } = this.sealed;
    this.sealed = { buckets: [], overviewPages: [] };
    this.chain(async () => {
      if (buckets.length) await telemetryCollection(this.db).insertMany(buckets);
      const byKind = new Map<SampleKind, typeof overviewPages>();
      for (const page of overviewPages) {
        byKind.set(page.kind, [...(byKind.get(page.kind) ?? []), page]);
      }
      for (const [kind, pages] of byKind) await overviewCollection(this.db, kind).insertMany(pages);
    });
  }

  /** Runs storing steps one after another; the first failure fails every later drain. */
  private chain(step: () => Promise<void>): void {
    this.writing = this.writing.then(step);
    // Seen by the next drain; marked handled so a failure between drains is not unhandled.
    this.writing.catch(() => {});
  }

  /**
   * Closes the last flight, writes the events, storage index and flight documents, and returns
   * the flights stored, oldest first (none when the vehicle never armed).
   */
  async finish(extra: { onboardLogSha256: string }): Promise<ImportedFlightDraft[]> {
    if (this.segment) this.close(this.segment);
    this.segment = null;
    await this.writing;
    const { Flight } = getModels(this.connection);
    const drafts: ImportedFlightDraft[] = [];
    for (const { flight, events, sampleCount } of this.kept) {
      const { flightId } = flight;
      const stored: StoredFlightEvent[] = events.map((event, number) => ({
        ...event,
        data: { ...event.data, source: 'onboard-log', onboardLogSha256: extra.onboardLogSha256 },
        _id: eventId(flightId, number),
        flightId,
        number,
        origin: 'onboard-log',
      }));
      for (let at = 0; at < stored.length; at += EVENTS_PER_WRITE) {
        await flightEventsCollection(this.db).insertMany(stored.slice(at, at + EVENTS_PER_WRITE));
      }
      flight.storage.eventCount = stored.length;
      flight.summary.eventCount = stored.length;
      await flightStorageCollection(this.db).insertOne(
        toFlightStorageDocument(flightId, flight.storage),
      );
      const lastUs = flight.lastTUs;
      // A log cut off in the air ends where it ends.
      const endUs = flight.disarmedAtUs ?? lastUs;
      await Flight.create({
        _id: new EntityId(flightId),
        vehicleId: new EntityId(this.vehicle.vehicleId),
        makerId: this.vehicle.makerId ? new EntityId(this.vehicle.makerId) : null,
        rangeId: this.vehicle.rangeId ? new EntityId(this.vehicle.rangeId) : null,
        vehicleName: this.vehicle.vehicleName,
        makerName: this.vehicle.makerName,
        linkId: this.source.linkId,
        sysId: this.source.sysId,
        compId: 1,
        status: 'landed',
        source: 'import',
        startedAt: new Date(flight.startedAtUs / 1000),
        armedAt: flight.armedAtUs === null ? null : new Date(flight.armedAtUs / 1000),
        disarmedAt: flight.disarmedAtUs === null ? null : new Date(flight.disarmedAtUs / 1000),
        endedAt: new Date(endUs / 1000),
        endReason: 'import',
        lastHeardAt: new Date(lastUs / 1000),
        summary: summaryForFlight(flight.summary, {
          armedAtUs: flight.armedAtUs,
          disarmedAtUs: flight.disarmedAtUs,
          lastTUs: lastUs,
        }),
      });
      drafts.push({
        flightId,
        armedAtUs: flight.armedAtUs!,
        disarmedAtUs: flight.disarmedAtUs,
        startedAtUs: flight.startedAtUs,
        lastUs,
        sampleCount,
        eventCount: stored.length,
      });
    }
    return drafts;
  }

  /** Removes everything this import wrote (a refused or failed import stores nothing). */
  async discard(): Promise<void> {
    await this.writing.catch(() => {});
    for (const id of this.writtenIds) forgetOverview(id);
    await this.deleteFlightData(this.writtenIds);
    const { Flight } = getModels(this.connection);
    await Flight.deleteMany({ _id: { $in: this.writtenIds.map((id) => new EntityId(id)) } });
  }

  private async deleteFlightData(flightIds: string[]): Promise<void> {
    if (flightIds.length === 0) return;
    const filter = { flightId: { $in: flightIds } };
    await telemetryCollection(this.db).deleteMany(filter);
    for (const kind of Object.keys(SAMPLE_KINDS) as SampleKind[]) {
      await overviewCollection(this.db, kind).deleteMany(filter);
    }
    await flightEventsCollection(this.db).deleteMany(filter);
    await flightStorageCollection(this.db).deleteMany({ _id: { $in: flightIds } });
  }
}

function newOpenFlight(startedAtUs: number): OpenFlight {
  return {
    flightId: new EntityId().toHexString(),
    listed: true,
    startedAtUs,
    armedAtUs: null,
    armed: false,
    disarmedAtUs: null,
    lastTUs: startedAtUs,
    storage: { kinds: {}, eventCount: 0, rawPieceCount: 0 },
    openBuckets: [],
    summary: emptySummary(),
    summaryWrittenAtMs: 0,
  };
}
