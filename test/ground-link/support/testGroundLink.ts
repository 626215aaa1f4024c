import type { Endpoint } from '../../../ground-link/endpoint.js';
import { UplinkEndpoint } from '../../../ground-link/endpoints/uplinkEndpoint.js';
import { createLogger } from '../../../ground-link/logger.js';
import { Router } from '../../../ground-link/router.js';
import { GLOBAL_POSITION_INT_ID } from '../../../telemetry/mavlink/messages/globalPositionInt.js';
import { encodeTlogRecord } from '../../../telemetry/tlog/tlogRecord.js';
import { CollectingEndpoint } from './testEndpoints.js';

export interface TestGroundLink {
  router: Router;
  uplink: UplinkEndpoint;
  /** Every frame the uplink was given, as the router delivered it. */
  seen: CollectingEndpoint;
}

/** A ground-link as `sortie-link` builds it: one source, a collector to compare with, the uplink. */
export async function openTestGroundLink(options: {
  source: Endpoint;
  serverUrl: string;
  apiKey: string;
  linkId: string;
  spoolDirectory: string;
}): Promise<TestGroundLink> {
  const seen = new CollectingEndpoint('seen');
  const holder: { router: Router | null } = { router: null };
  const uplink = new UplinkEndpoint({
    serverUrl: options.serverUrl,
    apiKey: options.apiKey,
    linkId: options.linkId,
    spoolDirectory: options.spoolDirectory,
    spoolCapBytes: 512 * 1024 * 1024,
    decodeStats: () =>
      holder.router?.decodeStats() ?? {
        frames: 0,
        badCrcFrames: 0,
        junkBytes: 0,
        unknownMessages: 0,
      },
    logger: createLogger('warn'),
    drainTimeoutMs: 60_000,
  });
  const router = new Router([options.source, seen, uplink]);
  holder.router = router;
  await router.open([options.source.name]);
  return { router, uplink, seen };
}

/** Receive times of the GLOBAL_POSITION_INT frames in `frames`, per system id. */
export function positionTimesBySysId(seen: CollectingEndpoint): Map<number, number[]> {
  const bySysId = new Map<number, number[]>();
  for (const routed of seen.frames) {
    if (routed.frame.msgId !== GLOBAL_POSITION_INT_ID) continue;
    const times = bySysId.get(routed.frame.sysId) ?? [];
    times.push(routed.tUs);
    bySysId.set(routed.frame.sysId, times);
  }
  return bySysId;
}

/** The frames in `seen` as .tlog records (receive time + exact bytes), per system id. */
export function tlogBySysId(seen: CollectingEndpoint): Map<number, Buffer> {
  const records = new Map<number, Uint8Array[]>();
  for (const routed of seen.frames) {
    const list = records.get(routed.frame.sysId) ?? [];
    list.push(encodeTlogRecord(routed.tUs, routed.frame.bytes));
    records.set(routed.frame.sysId, list);
  }
  return new Map([...records].map(([sysId, list]) => [sysId, Buffer.concat(list)]));
}
