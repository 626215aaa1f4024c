import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/buildOpenApiDocument.js';
import { renderDocsPage } from '../openapi/docsPage.js';
import { defineRoute, type Route } from './defineRoute.js';

function packageVersion(): string {
  const text = readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
}

/** /api/openapi.json and /api/docs, describing `routes` (and themselves). */
export function docsRoutes(routes: readonly Route[]): Route[] {
  const documentRoutes: Route[] = [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'docs',
      summary: 'This API as an OpenAPI 3.1 document.',
      access: 'public',
      async handle() {
        return document;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      tag: 'docs',
      summary: 'This API as a readable page.',
      access: 'public',
      produces: 'text/html',
      async handle({ res }) {
        res.type('html').send(page);
        return undefined;
      },
    }),
  ];
  // Built once (the handlers above run later): the routes do not change while the server runs.
  const document: OpenApiDocument = buildOpenApiDocument(
    [...routes, ...documentRoutes],
    packageVersion(),
  );
  const page = renderDocsPage(document);
  return documentRoutes;
}
