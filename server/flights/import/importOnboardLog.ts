import { type Connection } from 'mongoose';
import { EntityId } from '../../store/ids.js';
import type { Logger } from 'pino';
import type { SessionUser } from '../../auth/sessionUser.js';
import { visibleVehiclesFilter } from '../../access/catalogAccess.js';
import { evaluateEndedFlight } from '../../certification/evaluations/evaluateEndedFlight.js';
import { badRequest, conflict, HttpError, notFound, unprocessable } from '../../http/httpError.js';
import { resolveVehicle, type ResolvedVehicle } from '../../ingest/vehicleResolver.js';
import { getModels } from '../../store/models/models.js';
import type { Db } from '../../store/driver.js';
import { ImportFlightWriter } from './importFlightWriter.js';
import {
  describeOtherFile,
  ONBOARD_LOG_FORMAT_LABELS,
  readerFor,
  type OnboardLogProblem,
  type OnboardLogReport,
} from './onboardLogFormats.js';
import { deleteOnboardLog, keepOnboardLog, onboardLogFiles } from './onboardLogFiles.js';
import type { ReceivedUpload } from './receiveUpload.js';

export interface ImportTarget {
  vehicleId?: string;
  rangeId?: string;
}

export interface ImportedFlight {
  flightId: string;
  armedAt: string;
  disarmedAt: string | null;
  durationS: number;
  sampleCount: number;
  eventCount: number;
  /** The automatic evaluation against the vehicle's default plan, when it has one. */
  evaluation: { id: string; verdict: string } | null;
}

export interface OnboardLogImport {
  onboardLogSha256: string;
  format: OnboardLogReport['format'];
  bytes: number;
  vehicleId: string;
  clock: OnboardLogReport['clock'];
  flights: ImportedFlight[];
  /** Damage read past: the bytes skipped and the reader's sentences (the valid part is stored). */
  skippedBytes: number;
  truncated: boolean;
  problems: OnboardLogProblem[];
  problemCount: number;
}

/** Reads the first bytes and names the reader, or refuses the file in a sentence. */
export function chooseReader(upload: Pick<ReceivedUpload, 'bytes' | 'head'>) {
  if (upload.bytes === 0) throw badRequest('The log is empty: send the file’s bytes as the body.');
  const reader = readerFor(upload.head);
  if (!reader) {
    throw new HttpError(
      415,
      'unsupported_log_format',
      `This file is not an onboard log Sortie reads (${ONBOARD_LOG_FORMAT_LABELS}): ${describeOtherFile(upload.head)}.`,
    );
  }
  return reader;
}

/**
 * Imports an onboard log as flights: one stored flight per arm-to-disarm in it, on the vehicle
 * named (or the range's automatic record for the log's system id), kept with the log itself
 * under its SHA-256, then evaluated like a flight that has just landed. A log with no flight,
 * or none that can be read, stores nothing.
 */
export async function importOnboardLog(
  connection: Connection,
  user: SessionUser,
  upload: ReceivedUpload,
  target: ImportTarget,
  options: { armGraceS: number; logger: Logger },
): Promise<OnboardLogImport> {
  const reader = chooseReader(upload);
  const db = connection.db as Db;
  const fileId = `import:${upload.sha256}`;
  const before = await onboardLogFiles(db).files.findOne({ _id: fileId });
  if (before) {
    throw conflict(
      `This log was imported before (sha256 ${upload.sha256}); its flights are ${(before.metadata.flightIds ?? []).join(', ')}.`,
      { flightIds: before.metadata.flightIds ?? [] },
    );
  }
  // The vehicle is chosen before reading when named, so a refused one costs no parsing.
  const named = target.vehicleId ? await namedVehicle(connection, user, target.vehicleId) : null;
  if (!named && !target.rangeId) {
    throw badRequest('Say whose log this is: give vehicleId, or rangeId for the range it flew on.');
  }
  if (!named && target.rangeId) await knownRange(connection, target.rangeId);

  // The system id is known once the log's parameters are read: resolve then, before data.
  let writer: ImportFlightWriter | null = null;
  let vehicle: (ResolvedVehicle & { rangeId: string | null }) | null = named;
  const pendingBatches: Parameters<ImportFlightWriter['batch']>[] = [];
  let report: OnboardLogReport;
  try {
    report = await reader.read(upload.path, {
      batch: (samples, events) => {
        if (writer) writer.batch(samples, events);
        else pendingBatches.push([samples, events]);
      },
      drain: async () => {
        if (!writer && pendingBatches.length > 0) {
          const sysId = pendingBatches[0]![0][0]?.sysId ?? pendingBatches[0]![1][0]?.sysId ?? 1;
          vehicle ??= {
            ...(await resolveVehicle(connection, target.rangeId!, sysId)),
            rangeId: target.rangeId!,
          };
          writer = new ImportFlightWriter(
            connection,
            vehicle,
            { linkId: `import:${upload.sha256.slice(0, 16)}`, sysId },
            options.armGraceS,
          );
          for (const [samples, events] of pendingBatches.splice(0)) writer.batch(samples, events);
        }
        if (writer) await writer.drain();
      },
    });
  } catch (error) {
    await (writer as ImportFlightWriter | null)?.discard();
    throw error;
  }
  const activeWriter = writer as ImportFlightWriter | null;
  const refuse = async (message: string, details: unknown) => {
    await activeWriter?.discard();
    return unprocessable(message, details);
  };
  const damage = {
    skippedBytes: report.skippedBytes,
    truncated: report.truncated,
    problems: report.problems.slice(0, 20),
    problemCount: report.problemCount,
  };
  if (!report.hasData || !activeWriter || !vehicle) {
    const first = report.problems[0]?.message;
    throw await refuse(
      `The ${reader.label} holds no flight data${report.truncated ? `: it ends after ${report.bytes} bytes, inside its definitions` : ''}${first ? ` (${first})` : ''}.`,
      damage,
    );
  }
  let drafts;
  try {
    drafts = await activeWriter.finish({ onboardLogSha256: upload.sha256 });
  } catch (error) {
    await activeWriter.discard();
    throw error;
  }
  if (drafts.length === 0) {
    throw await refuse(
      `The ${reader.label} holds no flight: the vehicle never armed in it, so there is nothing to review.`,
      damage,
    );
  }
  const flightIds = drafts.map((d) => d.flightId);
  try {
    await keepOnboardLog(db, fileId, upload.path, {
      sha256: upload.sha256,
      format: reader.format,
      flightIds,
      skippedBytes: report.skippedBytes,
    });
  } catch (error) {
    await deleteOnboardLog(db, fileId);
    await activeWriter.discard();
    throw error;
  }
  const resolved = vehicle as ResolvedVehicle;
  const flights: ImportedFlight[] = [];
  for (const draft of drafts) {
    const evaluation = await evaluateEndedFlight(connection, draft.flightId, options.logger);
    flights.push({
      flightId: draft.flightId,
      armedAt: new Date(draft.armedAtUs / 1000).toISOString(),
      disarmedAt:
        draft.disarmedAtUs === null ? null : new Date(draft.disarmedAtUs / 1000).toISOString(),
      durationS: ((draft.disarmedAtUs ?? draft.lastUs) - draft.armedAtUs) / 1e6,
      sampleCount: draft.sampleCount,
      eventCount: draft.eventCount,
      evaluation: evaluation ? { id: evaluation.id, verdict: evaluation.overallVerdict } : null,
    });
  }
  return {
    onboardLogSha256: upload.sha256,
    format: reader.format,
    bytes: upload.bytes,
    vehicleId: resolved.vehicleId,
    clock: report.clock,
    flights,
    ...damage,
  };
}

/** The vehicle named, if this user may see it (a maker only its own); 404 otherwise. */
async function namedVehicle(
  connection: Connection,
  user: SessionUser,
  vehicleId: string,
): Promise<ResolvedVehicle & { rangeId: string | null }> {
  const { Vehicle, Maker } = getModels(connection);
  const missing = () => notFound(`No vehicle ${vehicleId}.`);
  if (!EntityId.isValid(vehicleId)) throw missing();
  const vehicle = await Vehicle.findOne({
    _id: new EntityId(vehicleId),
    ...visibleVehiclesFilter(user),
  }).lean();
  if (!vehicle) throw missing();
  const maker = vehicle.makerId ? await Maker.findById(vehicle.makerId).lean() : null;
  return {
    vehicleId,
    vehicleName: vehicle.name,
    makerId: vehicle.makerId?.toHexString() ?? null,
    makerName: maker?.name ?? '',
    rangeId: vehicle.rangeId?.toHexString() ?? null,
  };
}

async function knownRange(connection: Connection, rangeId: string): Promise<void> {
  const { Range } = getModels(connection);
  if (!EntityId.isValid(rangeId) || !(await Range.exists({ _id: rangeId }))) {
    throw notFound(`No range ${rangeId}.`);
  }
}
