import { z } from 'zod';
import { vehicleStateSchema, type VehicleState } from '../model/vehicleState.js';
import type { FlightEvent } from '../model/flightEvent.js';

/** Socket.IO namespace browsers connect to. Authenticated with the user's session. */
export const LIVE_NAMESPACE = '/live';

/** An alert is a flight event that needs an operator's attention now. Never throttled. */
export interface LiveAlert {
  id: string;
  flightId: string | null;
  rangeId: string | null;
  vehicleName: string | null;
  event: FlightEvent;
}

/** A live flight's track so far, downsampled, sent to a browser that joins mid-flight. */
export interface LiveTrack {
  flightId: string;
  sysId: number;
  /** [tUs, latDeg, lonDeg, altRelM] */
  points: [number, number, number, number][];
}

export const joinRoomSchema = z.strictObject({
  rangeId: z.string().min(1).max(64).optional(),
  flightId: z.string().min(1).max(64).optional(),
});

export type JoinRoom = z.infer<typeof joinRoomSchema>;

export interface LiveServerToClientEvents {
  /** Current state of every visible vehicle, sent on join. */
  snapshot: (snapshot: {
    vehicles: VehicleState[];
    tracks: LiveTrack[];
    alerts: LiveAlert[];
  }) => void;
  /** Throttled per vehicle (10 Hz by default). */
  'vehicle-state': (state: VehicleState) => void;
  alert: (alert: LiveAlert) => void;
  'flight-started': (info: { flightId: string; sysId: number; rangeId: string | null }) => void;
  'flight-ended': (info: { flightId: string; reason: string }) => void;
}

export interface LiveClientToServerEvents {
  join: (room: JoinRoom, ack: (answer: { ok: boolean; error?: string }) => void) => void;
  leave: (room: JoinRoom) => void;
}

export { vehicleStateSchema };
