import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { getModels } from '../../store/models/models.js';
import { evaluateFlight } from './evaluationService.js';
import type { EvaluationView } from '../../store/certification/evaluationView.js';

/**
 * The automatic evaluation when a flight ends: against the flight's own test plan, else its
 * vehicle's default plan; a flight with neither is left for an engineer. Called after the
 * flight's last ingest pass is stored, by the one server instance that stored it. Never throws:
 * a failed evaluation is logged and can be rerun on request; it must not disturb ingest.
 */
export async function evaluateEndedFlight(
  connection: Connection,
  flightId: string,
  logger: Logger,
): Promise<EvaluationView | null> {
  const log = logger.child({ flightId });
  try {
    const { Flight, Vehicle } = getModels(connection);
    const flight = await Flight.findById(flightId).lean();
    if (!flight) return null;
    const vehicle = flight.testPlanId ? null : await Vehicle.findById(flight.vehicleId).lean();
    const planId = flight.testPlanId ?? vehicle?.defaultTestPlanId ?? null;
    if (!planId) {
      log.debug('flight ended without a test plan: not evaluated');
      return null;
    }
    const evaluation = await evaluateFlight(connection, flightId, planId.toHexString(), {
      trigger: 'flight-end',
    });
    log.info(
      {
        evaluationId: evaluation.id,
        verdict: evaluation.overallVerdict,
        planId: evaluation.planId,
      },
      'flight evaluated at its end',
    );
    return evaluation;
  } catch (error) {
    log.error({ err: error }, 'automatic evaluation at flight end failed');
    return null;
  }
}
