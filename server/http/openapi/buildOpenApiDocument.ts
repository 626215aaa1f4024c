import { z } from 'zod';
import { errorResponseSchema } from '../routes/commonSchemas.js';
import type { Route } from '../routes/defineRoute.js';

type JsonSchema = Record<string, unknown>;

/**
 * Converts with zod's own JSON Schema generator. Schemas named with `.meta({ id })` come back
 * in `$defs`; they move to `components.schemas`, and their references with them.
 * Query and body schemas are documented as the client writes them (before coercion).
 */
function jsonSchemaConverter(components: Record<string, JsonSchema>) {
  return (schema: z.ZodType): JsonSchema => {
    const converted = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
      reused: 'inline',
    }) as JsonSchema;
    const text = JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/');
    const {
      $schema: _schema,
      $defs,
      ...rest
    } = JSON.parse(text) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    Object.assign(components, $defs ?? {});
    return rest;
  };
}

/** `/flights/:id/series` → `/flights/{id}/series` */
function openApiPath(expressPath: string): string {
  return `/api${expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

function parametersOf(
  toJsonSchema: (schema: z.ZodType) => JsonSchema,
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
) {
  if (!schema) return [];
  const json = toJsonSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad input: the message says what to fix',
  '401': 'Not logged in',
  '403': 'Your role does not allow this, or a cross-site request',
  '404': 'Not found, or not visible to you',
  '409': 'Conflicts with stored data',
  '413': 'Body too large',
  '422': 'Well-formed but refers to something that does not exist or breaks a rule',
};

function describeAccess(route: Route): string {
  if (route.access === 'public') return 'Public.';
  if (route.access === 'signed-in') return 'Any logged-in user.';
  return `Needs permission \`${route.access.permission}\` (see server/auth/permissions.ts).`;
}

/** The OpenAPI 3.1 document of the routes, generated from the same zod schemas they validate with. */
export function buildOpenApiDocument(routes: readonly Route[], version: string) {
  const components: Record<string, JsonSchema> = {};
  const toJsonSchema = jsonSchemaConverter(components);
  const errorContent = { 'application/json': { schema: toJsonSchema(errorResponseSchema) } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const success = String(route.successStatus ?? 200);
    const successBody =
      success === '204'
        ? {}
        : route.produces
          ? { content: { [route.produces]: { schema: { type: 'string', format: 'binary' } } } }
          : route.response
            ? { content: { 'application/json': { schema: toJsonSchema(route.response) } } }
            : {};
    const operation = {
      tags: [route.tag],
      summary: route.summary,
      description: describeAccess(route),
      operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
      parameters: [
        ...parametersOf(toJsonSchema, route.params, 'path'),
        ...parametersOf(toJsonSchema, route.query, 'query'),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body) } },
            },
          }
        : {}),
      ...(route.access === 'public' ? { security: [] } : {}),
      responses: {
        [success]: { description: 'Success', ...successBody },
        ...Object.fromEntries(
          Object.entries(ERROR_STATUSES).map(([status, description]) => [
            status,
            { description, content: errorContent },
          ]),
        ),
      },
    };
    paths[openApiPath(route.path)] = {
      ...paths[openApiPath(route.path)],
      [route.method]: operation,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sortie API',
      version,
      description:
        'Flights, telemetry and certification of a drone test range. Log in with POST /api/auth/login; the session travels in the httpOnly cookie `sortie_session`. POST, PUT and PATCH must send content-type application/json. Errors are always {error:{code,message,details}}.',
    },
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sortie_session' },
      },
    },
    security: [{ session: [] }],
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
