import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { recordAudit } from '../../../audit/auditLog.js';
import type { VisibleFlight } from '../../../access/flightAccess.js';
import type { SessionUser } from '../../../auth/sessionUser.js';
import { pdfReport } from '../../../certification/reports/pdf/pdfReport.js';
import type { ReportInput, ReportLanguage } from '../../../certification/reports/reportInput.js';
import { samplesCsv } from '../../../certification/reports/samplesCsv.js';
import { trackGeoJson } from '../../../certification/reports/trackGeoJson.js';
import { trackKml } from '../../../certification/reports/trackKml.js';
import { verdictsCsv } from '../../../certification/reports/verdictsCsv.js';
import type { EvaluationView } from '../../../store/certification/evaluationView.js';
import { flightDb } from '../../../store/certification/flightStorageRef.js';
import { cachedReport } from '../../../store/certification/reportCache.js';
import { reportInputFor } from '../../../certification/evaluations/reportInputFor.js';
import { notFound } from '../../httpError.js';
import type { ApiDependencies } from '../apiDependencies.js';
import { idParamsSchema, noQuerySchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { reportLanguageQuerySchema } from './certificationSchemas.js';
import { visibleEvaluation } from './visibleEvaluation.js';

/** `X8-01_2026-11-20T01-00-00-000Z_eval2` — safe in a Content-Disposition header. */
function fileStem(flight: VisibleFlight, evaluation: EvaluationView): string {
  const vehicle = (flight.vehicleName || `sys${flight.sysId}`).replace(/[^A-Za-z0-9_-]+/g, '_');
  const started = flight.startedAt.toISOString().replace(/[:.]/g, '-');
  return `${vehicle}_${started}_eval${evaluation.version}`;
}

function send(res: Response, contentType: string, fileName: string, body: string | Buffer): void {
  res.status(200);
  res.setHeader('content-type', contentType);
  res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
  res.end(body);
}

interface ReportFormat {
  suffix: string;
  contentType: string;
  summary: string;
  /** Renders from the evaluation alone, or loads the flight (seconds) only when it needs it. */
  render(
    evaluation: EvaluationView,
    input: () => Promise<ReportInput>,
  ): Promise<string | Buffer> | string;
}

/** One downloadable file per format; each is a pure function of the stored evaluation. */
const FORMATS: ReportFormat[] = [
  {
    suffix: 'evaluation.json',
    contentType: 'application/json',
    summary:
      "The signed evaluation: its evidence, a hash per field and the range's Ed25519 signature; `npx sortie-verify` checks it offline.",
    render: (evaluation) => {
      if (!evaluation.signed) throw notFound(`Evaluation ${evaluation.id} was stored unsigned.`);
      return `${JSON.stringify(evaluation.signed, null, 2)}\n`;
    },
  },
  {
    suffix: 'report.csv',
    contentType: 'text/csv; charset=utf-8',
    summary: 'Curated telemetry channels, units in the header, one row per position sample.',
    render: async (evaluation, input) => samplesCsv((await input()).flightData, evaluation),
  },
  {
    suffix: 'verdicts.csv',
    contentType: 'text/csv; charset=utf-8',
    summary: 'The verdict table: one row per plan item.',
    render: (evaluation) => verdictsCsv(evaluation),
  },
  {
    suffix: 'track.geojson',
    contentType: 'application/geo+json',
    summary: 'Track coloured by flight mode, the fences, events as points (QGIS, geojson.io).',
    render: async (_, input) => JSON.stringify(trackGeoJson(await input())),
  },
  {
    suffix: 'track.kml',
    contentType: 'application/vnd.google-earth.kml+xml',
    summary: 'Track coloured by flight mode, the fences, events as placemarks (Google Earth).',
    render: async (_, input) => trackKml(await input()),
  },
];

/**
 * The file's bytes: from the report cache when this evaluation's file was rendered before (an
 * evaluation never changes, so neither does its report), else rendered now and cached.
 */
async function reportBytes(
  deps: ApiDependencies,
  user: SessionUser,
  evaluationId: string,
  file: string,
  lang: ReportLanguage,
  render: (
    evaluation: EvaluationView,
    input: () => Promise<ReportInput>,
  ) => Promise<string | Buffer> | string,
) {
  const { evaluation, flight } = await visibleEvaluation(deps.connection, user, evaluationId);
  const body = await cachedReport(
    flightDb(deps.connection),
    { evaluationId: evaluation.id, file, lang },
    async () => render(evaluation, () => reportInputFor(deps.connection, flight, evaluation, lang)),
  );
  return { evaluation, flight, body };
}

export const reportRoutes = [
  defineRoute({
    method: 'get',
    path: '/evaluations/:id/report.pdf',
    tag: 'reports',
    summary:
      'The evaluation report as PDF, in Korean or English (?lang=ko|en): cover, verdicts, evidence per criterion, track with fences, events, signature.',
    access: { permission: 'flights:download' },
    params: idParamsSchema,
    query: reportLanguageQuerySchema,
    produces: 'application/pdf',
    async handle({ params, query, user, deps, res }) {
      const { evaluation, flight, body } = await reportBytes(
        deps,
        user,
        params.id,
        'report.pdf',
        query.lang,
        async (_, input) => pdfReport(await input()),
      );
      await recordAudit(
        deps.connection,
        user,
        'download',
        evaluation.flightId,
        `report.pdf ${query.lang}`,
      );
      send(res, 'application/pdf', `${fileStem(flight, evaluation)}_${query.lang}.pdf`, body);
      return undefined;
    },
  }),
  ...FORMATS.map((format) =>
    defineRoute({
      method: 'get',
      path: `/evaluations/:id/${format.suffix}`,
      tag: 'reports',
      summary: format.summary,
      access: { permission: 'flights:download' },
      params: idParamsSchema,
      query: noQuerySchema,
      produces: format.contentType,
      async handle({ params, user, deps, res }) {
        const { evaluation, flight, body } = await reportBytes(
          deps,
          user,
          params.id,
          format.suffix,
          'en',
          format.render,
        );
        await recordAudit(deps.connection, user, 'download', evaluation.flightId, format.suffix);
        const extension = format.suffix.replace(/^[a-z]+\./, '.');
        const stem = `${fileStem(flight, evaluation)}_${format.suffix.split('.')[0]}`;
        send(res, format.contentType, `${stem}${extension}`, body);
        return undefined;
      },
    }),
  ),
  defineRoute({
    method: 'get',
    path: '/evaluations/:id/raw.tlog',
    tag: 'reports',
    summary:
      "The evaluated flight's raw MAVLink bytes (.tlog), whose SHA-256 the evaluation signs.",
    access: { permission: 'flights:download' },
    params: idParamsSchema,
    query: noQuerySchema,
    produces: 'application/octet-stream',
    async handle({ params, user, deps, res }) {
      const { evaluation, flight } = await visibleEvaluation(deps.connection, user, params.id);
      const stream = await deps.flightData.openRawTlogStream(deps.connection, evaluation.flightId);
      if (!stream) throw notFound(`Flight ${evaluation.flightId} has no raw MAVLink recording.`);
      await recordAudit(deps.connection, user, 'download', evaluation.flightId, 'raw.tlog');
      res.status(200);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader(
        'content-disposition',
        `attachment; filename="${fileStem(flight, evaluation)}.tlog"`,
      );
      try {
        await pipeline(stream, res);
      } catch (error) {
        deps.logger.warn(
          { err: error, flightId: evaluation.flightId },
          'raw.tlog download interrupted',
        );
      }
      return undefined;
    },
  }),
];
