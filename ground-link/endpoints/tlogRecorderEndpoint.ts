import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TlogWriter } from '../../telemetry/tlog/tlogWriter.js';
import type { Endpoint, RoutedFrame } from '../endpoint.js';

export interface TlogRecorderOptions {
  /** Folder the .tlog files go to; created if missing. */
  directory: string;
  /** Goes into the file names, so recordings of several links do not collide. */
  linkId: string;
  /** A file that reaches this size is closed and the next part begun [bytes]. */
  rotateBytes?: number;
  /** Start of the recording, for the file name [ms since Unix epoch]. */
  startedAtMs?: number;
}

const DEFAULT_ROTATE_BYTES = 256 * 1024 * 1024;

/**
 * Records every frame of the link, byte-exact, into .tlog files: one recording per link start,
 * split into numbered parts of at most `rotateBytes` so no file grows without bound.
 */
export class TlogRecorderEndpoint implements Endpoint {
  readonly name: string;
  /** Paths of the parts written so far, oldest first. */
  readonly files: string[] = [];
  private writer: TlogWriter | null = null;
  private readonly rotateBytes: number;
  private readonly baseName: string;

  constructor(private readonly options: TlogRecorderOptions) {
    this.name = `record:${options.directory}`;
    this.rotateBytes = options.rotateBytes ?? DEFAULT_ROTATE_BYTES;
    const startedAt = new Date(options.startedAtMs ?? Date.now());
    // 2026-11-26T23-41-07Z: sorts by time, and is a valid file name everywhere.
    const stamp = startedAt
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replaceAll(':', '-');
    this.baseName = `${stamp}_${options.linkId}`;
  }

  async open(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true });
  }

  write(routed: RoutedFrame): void | Promise<void> {
    if (!this.writer || this.writer.bytesWritten >= this.rotateBytes) this.startNextPart();
    const writer = this.writer as TlogWriter;
    return writer.write(routed.tUs, routed.frame.bytes);
  }

  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.close();
  }

  private startNextPart(): void {
    const previous = this.writer;
    // The old part finishes in the background; its stream keeps the bytes already given to it.
    if (previous) void previous.close().catch(() => {});
    const part = String(this.files.length + 1).padStart(3, '0');
    const path = join(this.options.directory, `${this.baseName}_${part}.tlog`);
    this.files.push(path);
    this.writer = new TlogWriter(path, { append: false });
  }
}
