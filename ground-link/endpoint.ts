import type { MavlinkFrame } from '../telemetry/mavlink/frame.js';

/** One complete, CRC-checked MAVLink frame on its way between endpoints. */
export interface RoutedFrame {
  /** The frame as parsed; `frame.bytes` are the exact bytes received. */
  frame: MavlinkFrame;
  /** Ground receive time [µs since Unix epoch] (for replays: the time recorded in the file). */
  tUs: number;
  /** Name of the endpoint the frame came from. */
  sourceName: string;
}

/** Where an endpoint hands the bytes it receives; the router implements it. */
export interface EndpointInput {
  /**
   * Raw bytes as they arrived, with the ground receive time of the chunk [µs since Unix epoch].
   * The promise resolves once every other endpoint has taken the frames: sources that can wait
   * (replays, the simulator) await it, live sources cannot and do not.
   */
  receive(chunk: Uint8Array, tUs: number): Promise<void>;
  /** A finite source (a replay, the simulator) has nothing more to send. */
  end(): void;
  /** A source failed for good (a file it cannot read): the run stops with this error. */
  fail(error: Error): void;
}

/**
 * Every source and sink of MAVLink in the ground-link (a serial port, a UDP or TCP socket, a
 * .tlog replay, the simulator, the recorder, the forwarder, the uplink) is an endpoint. The
 * router only moves frames between endpoints, so adding a transport is adding one file.
 */
export interface Endpoint {
  /** Short unique name for logs and the status line, e.g. `udp:0.0.0.0:14550`. */
  readonly name: string;
  /** Starts receiving; a sink-only endpoint never calls `input`. */
  open(input: EndpointInput): Promise<void>;
  /**
   * Takes one frame received by another endpoint. May return a promise when the endpoint needs
   * the source to wait (a full disk buffer); frames must still be taken in call order.
   */
  write(routed: RoutedFrame): void | Promise<void>;
  /** Flushes what it holds and releases its resources. */
  close(): Promise<void>;
}

/** The current ground time [µs since Unix epoch], as an integer. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
