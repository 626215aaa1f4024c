import type { Connection } from 'mongoose';
import type { VisibleFlight } from '../../access/flightAccess.js';
import { getModels } from '../../store/models/models.js';
import type { ReportInput, ReportLanguage } from '../reports/reportInput.js';
import type { EvaluationView } from '../../store/certification/evaluationView.js';
import { flightDb } from '../../store/certification/flightStorageRef.js';
import {
  loadStoredFlightData,
  storedLinkCounters,
} from '../../store/certification/loadStoredFlightData.js';

/**
 * Everything a report generator needs for one evaluation: the flight joined with its vehicle and
 * range, the stored telemetry, and the fences as they were when the evaluation ran.
 */
export async function reportInputFor(
  connection: Connection,
  flight: VisibleFlight,
  evaluation: EvaluationView,
  lang: ReportLanguage,
): Promise<ReportInput> {
  const { Range, Vehicle } = getModels(connection);
  const [vehicle, range] = await Promise.all([
    Vehicle.findById(flight.vehicleId).lean(),
    flight.rangeId ? Range.findById(flight.rangeId).lean() : null,
  ]);
  const flightId = flight._id.toHexString();
  const flightData = await loadStoredFlightData(
    flightDb(connection),
    { flightId, linkId: flight.linkId, sysId: flight.sysId, compId: flight.compId },
    storedLinkCounters(flight),
  );
  return {
    flight: {
      id: flightId,
      vehicleName: flight.vehicleName || vehicle?.name || `sysid ${flight.sysId}`,
      vehicleSerial: vehicle?.serial ?? null,
      vehicleModel: vehicle?.model ?? null,
      makerName: flight.makerName || '—',
      rangeName: range?.name ?? '—',
      rangeTimeZone: range?.timeZone ?? 'UTC',
      sysId: flight.sysId,
      startedAt: flight.startedAt,
      endedAt: flight.endedAt ?? null,
    },
    evaluation: {
      id: evaluation.id,
      version: evaluation.version,
      planName: evaluation.planName,
      planVersion: evaluation.planVersion,
      createdAt: evaluation.createdAt,
      overallVerdict: evaluation.overallVerdict,
      results: evaluation.results,
      warnings: evaluation.warnings,
      rawFramesSha256: evaluation.rawFramesSha256,
      signatureSha256: evaluation.signatureSha256,
      signed: evaluation.signed,
    },
    flightData,
    fences: evaluation.fences,
    lang,
  };
}
