import type { z } from 'zod';
import type { VisibleFlight } from '../../../access/flightAccess.js';
import { hexOrNull } from '../commonSchemas.js';
import type { flightViewSchema } from './schemas.js';

export type FlightView = z.infer<typeof flightViewSchema>;

const isoOrNull = (date: Date | null | undefined) => date?.toISOString() ?? null;

export function toFlightView(flight: VisibleFlight): FlightView {
  return {
    id: flight._id.toHexString(),
    vehicleId: flight.vehicleId.toHexString(),
    vehicleName: flight.vehicleName ?? '',
    makerId: hexOrNull(flight.makerId),
    makerName: flight.makerName ?? '',
    rangeId: hexOrNull(flight.rangeId),
    testPlanId: hexOrNull(flight.testPlanId),
    linkId: flight.linkId,
    sysId: flight.sysId,
    status: flight.status,
    source: flight.source,
    startedAt: flight.startedAt.toISOString(),
    armedAt: isoOrNull(flight.armedAt),
    disarmedAt: isoOrNull(flight.disarmedAt),
    endedAt: isoOrNull(flight.endedAt),
    endReason: flight.endReason ?? null,
    lastHeardAt: flight.lastHeardAt.toISOString(),
    verdict: flight.verdict ?? null,
    summary: (flight.summary ?? {}) as Record<string, unknown>,
  };
}
