import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { LinkStats } from '../../telemetry/model/linkStats.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import { initialVehicleState } from '../live/vehicleStateFromSamples.js';
import {
  batchPayload,
  dropFoldedSegments,
  rawTlogBytes,
  unappliedBatches,
} from '../store/ingest/batchLog.js';
import { executeWritePlan } from '../store/ingest/executeWritePlan.js';
import { closeIfTimedOut } from './flightLifecycle.js';
import { foldVehiclePart } from './foldVehiclePart.js';
import { raiseLinkLostIfSilent } from './linkLossWatch.js';
import { availabilityOf } from '../db/databaseAvailability.js';
import { DURABLE, ingestCollections, segmentOf } from '../store/ingest/ingestCollections.js';
import type { IngestSettings } from './ingestSettings.js';
import { emptyWritePlan, type IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import { rawTlogRecords, type RawRecord } from './rawTlogBySystem.js';
import { flushAllRawPieces } from '../store/ingest/rawPieces.js';
import type { RangeFenceCheckers } from './rangeFenceCheckers.js';
import { splitBatchByVehicle } from './splitBatchByVehicle.js';
import { resolveVehicle } from './vehicleResolver.js';
import { findVehicleState } from '../store/ingest/vehicleStateStore.js';
import { timeSlicer } from '../util/timeSlicer.js';
import type { VehicleIngestState } from './vehicleIngestState.js';

/** A batch as the compactor folds it (from a socket, or read back from the log). */
export interface BatchData {
  seq: number;
  samples: AnySample[];
  events: FlightEvent[];
  linkStats: LinkStats[];
  rawTlog: Uint8Array;
}

interface QueuedBatch {
  batch: BatchData;
  rawRecords: RawRecord[];
}

export interface LinkCompactorOptions {
  connection: Connection;
  linkId: string;
  apiKeyId: string;
  rangeId: string | null;
  settings: IngestSettings;
  logger: Logger;
  instanceId: string;
  /** Told what each pass stored, so browsers hear of flights starting and ending. */
  onPassStored?: (plan: IngestWritePlan) => void;
  /** The ranges' fences every position is checked against; none checked without it. */
  fenceCheckers?: RangeFenceCheckers;
}

const RETRY_DELAY_MS = 1_000;
/** Longest a pass folds without letting other work of the process run [ms]. */
const FOLD_SLICE_MS = 10;

/**
 * Folds one ground-link's logged batches into flights, in seq order, as fast as the database
 * takes it: each pass takes every batch that arrived meanwhile, so a slow database means
 * bigger passes, not a growing backlog of small writes. Its in-memory states are a cache of
 * `ingestVehicles`; after a failed pass they are dropped and read back, and the batches
 * (still in the log) are folded again into the same `_id`s.
 */
export class LinkCompactor {
  private readonly states = new Map<number, VehicleIngestState>();
  private queue: QueuedBatch[] = [];
  private running: Promise<void> | null = null;
  private tickRequested = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  appliedSeq: number | null = null;
  /** Highest seq in the log for this link (folded or not): what `welcome` tells the link. */
  lastStoredSeq: number | null = null;
  private knownSysIds: number[] = [];
  /** Log segments below this one are folded and dropped. */
  private foldedSegments = 0;
  passes = 0;
  private lastPassStartMs = -Infinity;

  constructor(private readonly options: LinkCompactorOptions) {}

  private get db() {
    const db = this.options.connection.db;
    if (!db) throw new Error('database connection is not open');
    return db;
  }

  /** Takes the link over: reads its state and queues the batches logged but not yet folded. */
  async start(): Promise<{ lastStoredSeq: number | null }> {
    const { links } = ingestCollections(this.db);
    const { linkId, apiKeyId, rangeId, instanceId } = this.options;
    const link = await links.findOne({ _id: linkId });
    this.appliedSeq = link?.appliedSeq ?? null;
    this.knownSysIds = link?.sysIds ?? [];
    await links.updateOne(
      { _id: linkId },
      {
        $set: { apiKeyId, rangeId, ownerId: instanceId, ownerSeenAtMs: Date.now() },
        $setOnInsert: { appliedSeq: null, sysIds: [], openFlightCount: 0, lastIngestAtMs: 0 },
      },
      { upsert: true, ...DURABLE },
    );
    // A server that died after storing appliedSeq but before dropping a folded segment left
    // it in the log; nothing else would ever remove it.
    await dropFoldedSegments(this.db, linkId, this.appliedSeq);
    this.foldedSegments = segmentOf((this.appliedSeq ?? -1) + 1);
    const pending = await unappliedBatches(this.db, linkId, this.appliedSeq);
    for (const stored of pending) {
      const rawTlog = rawTlogBytes(stored);
      const { seq } = stored;
      const { samples, events, linkStats } = batchPayload(stored);
      this.queue.push({
        batch: { seq, samples, events, linkStats, rawTlog },
        rawRecords: rawTlogRecords(rawTlog),
      });
    }
    if (pending.length > 0) this.kick();
    this.lastStoredSeq = pending.at(-1)?.seq ?? this.appliedSeq;
    return { lastStoredSeq: this.lastStoredSeq };
  }

  /** A batch is in the log: fold it soon. */
  enqueue(batch: BatchData, rawRecords: RawRecord[]): void {
    this.queue.push({ batch, rawRecords });
    this.lastStoredSeq = Math.max(this.lastStoredSeq ?? -1, batch.seq);
    this.kick();
  }

  /** Runs the time-outs (disarm grace, silent link) even if no batch comes. */
  tick(): void {
    this.tickRequested = true;
    this.kick();
  }

  /** Reads every vehicle state of the link, so a tick can close flights nobody is sending to. */
  async loadAllVehicles(): Promise<void> {
    for (const sysId of this.knownSysIds) {
      if (this.states.has(sysId)) continue;
      const stored = await findVehicleState(this.db, this.options.linkId, sysId);
      // A pass may have loaded and folded into this vehicle's state meanwhile; the copy read
      // here would replace it with one that lacks what that pass folded.
      if (stored && !this.states.has(sysId)) this.states.set(sysId, stored);
    }
  }

  /** The in-memory state of a vehicle, if this link has heard it (for live routing). */
  vehicle(sysId: number): VehicleIngestState | undefined {
    return this.states.get(sysId);
  }

  /** Resolves once everything queued is stored. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Finishes what is queued, then lets another server take the link. */
  async stop(): Promise<void> {
    await this.idle();
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await ingestCollections(this.db)
      .links.updateOne(
        { _id: this.options.linkId, ownerId: this.options.instanceId },
        { $set: { ownerId: null } },
      )
      .catch(() => {});
  }

  private kick(): void {
    if (this.running || this.stopped || this.retryTimer) return;
    this.running = this.runPasses().finally(() => {
      this.running = null;
      if (this.queue.length === 0 || this.stopped) {
        for (const wake of this.idleWaiters.splice(0)) wake();
      } else if (!this.retryTimer) {
        // A batch enqueued after the last pass looked, while this one was still winding up:
        // its kick found a pass running and left it to this one. Without another pass, it
        // and whoever waits for idle (a shutdown) would wait for ever.
        this.kick();
      }
    });
  }

  private async runPasses(): Promise<void> {
    while (!this.stopped && (this.queue.length > 0 || this.tickRequested)) {
      // Passes are paced (settings.foldIntervalS); batches arriving meanwhile join the next.
      const waitMs =
        this.lastPassStartMs + this.options.settings.foldIntervalS * 1000 - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      this.lastPassStartMs = performance.now();
      const taken = this.queue;
      this.queue = [];
      this.tickRequested = false;
      try {
        await this.pass(taken);
        this.passes++;
      } catch (error) {
        this.options.logger.error(
          { linkId: this.options.linkId, err: error, batches: taken.length },
          'ingest pass failed; will fold these batches again',
        );
        this.states.clear();
        this.queue = [...taken, ...this.queue];
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.kick();
        }, RETRY_DELAY_MS);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private async pass(taken: QueuedBatch[]): Promise<void> {
    const { settings, linkId, rangeId, fenceCheckers } = this.options;
    const nowMs = Date.now();
    await fenceCheckers?.refresh(rangeId, nowMs);
    const fenceChecker = fenceCheckers?.checkerFor(rangeId) ?? null;
    const plan = emptyWritePlan();
    const touched = new Set<VehicleIngestState>();
    const fresh = taken.filter(
      ({ batch }) => this.appliedSeq === null || batch.seq > this.appliedSeq,
    );
    // Behind a slow database a pass folds hundreds of batches, seconds of CPU: the server's
    // sockets (live states, acks) get their turn in between.
    const yieldIfLong = timeSlicer(FOLD_SLICE_MS);
    for (const { batch, rawRecords } of fresh) {
      await yieldIfLong();
      const { parts } = splitBatchByVehicle(
        batch,
        rawRecords,
        (sysId) => this.states.has(sysId) || this.knownSysIds.includes(sysId),
      );
      for (const part of parts.values()) {
        const state = await this.stateOf(
          part.sysId,
          part.samples[0]?.compId ?? part.events[0]?.compId ?? 1,
          nowMs,
        );
        if (state.appliedSeq !== null && batch.seq <= state.appliedSeq) continue;
        foldVehiclePart(state, part, { seq: batch.seq, nowMs, settings, fenceChecker }, plan);
        touched.add(state);
      }
    }
    const silenceCountsFromMs = availabilityOf(this.options.connection).silenceCountsFromMs(nowMs);
    for (const state of this.states.values()) {
      if (raiseLinkLostIfSilent(state, nowMs, settings, plan, silenceCountsFromMs))
        touched.add(state);
      if (closeIfTimedOut(state, nowMs, settings, plan)) touched.add(state);
    }
    flushAllRawPieces(plan);
    await executeWritePlan(this.options.connection, plan, [...touched]);
    const lastSeq = fresh.at(-1)?.batch.seq;
    if (lastSeq !== undefined) this.appliedSeq = lastSeq;
    await ingestCollections(this.db).links.updateOne(
      { _id: linkId },
      {
        $set: {
          appliedSeq: this.appliedSeq,
          sysIds: [...new Set([...this.knownSysIds, ...this.states.keys()])],
          openFlightCount: [...this.states.values()].filter((state) => state.flight).length,
          lastIngestAtMs: Math.max(0, ...[...this.states.values()].map((s) => s.lastIngestAtMs)),
          ownerId: this.options.instanceId,
          ownerSeenAtMs: nowMs,
        },
      },
      DURABLE,
    );
    if (this.appliedSeq !== null && segmentOf(this.appliedSeq + 1) > this.foldedSegments) {
      await dropFoldedSegments(this.db, linkId, this.appliedSeq);
      this.foldedSegments = segmentOf(this.appliedSeq + 1);
    }
    this.options.onPassStored?.(plan);
  }

  private async stateOf(sysId: number, compId: number, nowMs: number): Promise<VehicleIngestState> {
    const cached = this.states.get(sysId);
    if (cached) return cached;
    const { linkId, rangeId, connection } = this.options;
    const stored = await findVehicleState(this.db, linkId, sysId);
    // loadAllVehicles may have cached it meanwhile; one state per vehicle, always.
    const cachedMeanwhile = this.states.get(sysId);
    if (cachedMeanwhile) return cachedMeanwhile;
    let state: VehicleIngestState;
    if (stored) {
      state = stored;
    } else {
      const vehicle = await resolveVehicle(connection, rangeId, sysId);
      state = {
        linkId,
        sysId,
        compId,
        ...vehicle,
        rangeId,
        appliedSeq: null,
        lastIngestAtMs: nowMs,
        flight: null,
        live: initialVehicleState({
          linkId,
          sysId,
          compId,
          rangeId,
          vehicleName: vehicle.vehicleName,
        }),
        linkCounters: null,
      };
    }
    this.states.set(sysId, state);
    return state;
  }
}
