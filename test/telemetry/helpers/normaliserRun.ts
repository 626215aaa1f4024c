import type { MavLinkData } from 'node-mavlink';
import { FrameScanner } from '../../../telemetry/mavlink/frameScanner.js';
import { Normaliser } from '../../../telemetry/mavlink/normaliser.js';
import { v2Frame, type FrameOptions } from './nodeMavlinkFrames.js';

/** Feeds messages, each at its ground time, through node-mavlink framing and our normaliser. */
export class NormaliserRun {
  readonly normaliser = new Normaliser();
  private readonly scanner = new FrameScanner();
  private readonly seqBySource = new Map<string, number>();

  send(tUs: number, message: MavLinkData, options: FrameOptions = {}): this {
    const key = `${options.sysId ?? 1}/${options.compId ?? 1}`;
    const seq = options.seq ?? ((this.seqBySource.get(key) ?? -1) + 1) & 0xff;
    this.seqBySource.set(key, seq);
    this.scanner.push(v2Frame(message, { ...options, seq }), (frame) =>
      this.normaliser.ingest(frame, tUs),
    );
    return this;
  }
}
