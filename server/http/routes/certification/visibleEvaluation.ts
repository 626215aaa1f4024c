import type { Connection } from 'mongoose';
import { flightAccessFor, type VisibleFlight } from '../../../access/flightAccess.js';
import type { SessionUser } from '../../../auth/sessionUser.js';
import { getEvaluation } from '../../../certification/evaluations/evaluationService.js';
import type { EvaluationView } from '../../../store/certification/evaluationView.js';
import { HttpError, notFound } from '../../httpError.js';

/**
 * An evaluation and its flight, if the user may see that flight. An evaluation of a flight the
 * user may not see answers the same 404 as one that does not exist, so a maker cannot learn
 * that another maker's evaluation is there.
 */
export async function visibleEvaluation(
  connection: Connection,
  user: SessionUser,
  evaluationId: string,
): Promise<{ evaluation: EvaluationView; flight: VisibleFlight }> {
  const evaluation = await getEvaluation(connection, evaluationId);
  try {
    const flight = await flightAccessFor(connection, user).getFlight(evaluation.flightId);
    return { evaluation, flight };
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw notFound(`No evaluation ${evaluationId}.`);
    }
    throw error;
  }
}
