import { stat } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { basename } from 'node:path';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { TlogRecordSplitter } from '../../telemetry/tlog/tlogRecordSplitter.js';
import type { DecodeStats } from '../../telemetry/model/linkStats.js';
import type { Endpoint, EndpointInput } from '../endpoint.js';
import { Pacer, type ReplaySpeed } from './pacer.js';

const FRAMES_BETWEEN_YIELDS = 500;

export interface TlogReplayOptions {
  path: string;
  speed: ReplaySpeed;
}

export interface ReplayProgress {
  bytesDone: number;
  bytesTotal: number;
  records: number;
}

/**
 * Plays a .tlog back as if it were a live link: each frame keeps the ground time recorded in the
 * file, at ×1, ×N, or as fast as the other endpoints take it. Writes to it are dropped.
 */
export class TlogReplayEndpoint implements Endpoint {
  readonly name: string;
  readonly splitter = new TlogRecordSplitter();
  private bytesTotal = 0;
  private bytesDone = 0;
  private records = 0;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: TlogReplayOptions) {
    this.name = `replay:${basename(options.path)}`;
  }

  progress(): ReplayProgress {
    return { bytesDone: this.bytesDone, bytesTotal: this.bytesTotal, records: this.records };
  }

  /** Damaged bytes found in the file (the router only ever sees the intact frames). */
  fileStats(): DecodeStats {
    return this.splitter.stats;
  }

  async open(input: EndpointInput): Promise<void> {
    this.bytesTotal = (await stat(this.options.path)).size;
    this.running = this.play(input);
  }

  write(): void {}

  async close(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async play(input: EndpointInput): Promise<void> {
    const pacer = new Pacer(this.options.speed);
    try {
      for await (const record of readTlog(this.options.path, this.splitter)) {
        if (this.stopped) break;
        await pacer.waitFor(record.tUs);
        await input.receive(record.bytes, record.tUs);
        // At max speed, let timers and sockets run now and then.
        if (++this.records % FRAMES_BETWEEN_YIELDS === 0) await yieldToEventLoop();
        this.bytesDone = record.offset + 8 + record.bytes.length;
      }
      if (!this.stopped) this.bytesDone = this.bytesTotal;
      input.end();
    } catch (error) {
      input.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
