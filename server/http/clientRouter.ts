import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';

/** What the browser app may load: itself, plus the tile server when one is configured. */
function contentSecurityPolicy(tileUrl: string | undefined): RequestHandler {
  const imgSrc = ["'self'", 'data:', 'blob:'];
  if (tileUrl) {
    // `{s}` subdomains and `{z}/{x}/{y}` slots are not part of the origin.
    const origin = new URL(tileUrl.replace(/\{s\}/g, 'a').replace(/\{[a-z]\}/g, '0')).origin;
    imgSrc.push(tileUrl.includes('{s}') ? origin.replace('//a.', '//*.') : origin);
  }
  return helmet.contentSecurityPolicy({
    useDefaults: true,
    directives: {
      'img-src': imgSrc,
      // Leaflet and uPlot set element styles at run time.
      'style-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
    },
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Serves the built browser app from `client/dist`: hashed assets cached for a year, and
 * index.html for every other non-API GET so the app's own routes (/flights/…) load on refresh.
 * The tile URL (SORTIE_TILE_URL) is written into index.html; without it the map is offline.
 */
export function clientRouter(options: { distDir: string; tileUrl?: string | undefined }): Router {
  const router = Router();
  const indexPath = join(options.distDir, 'index.html');
  const csp = contentSecurityPolicy(options.tileUrl);
  // Re-read when a rebuild replaced index.html, so a running server never points at old assets.
  let cached: { mtimeMs: number; html: string } | null = null;

  const readIndex = (): string | null => {
    const mtimeMs = statSync(indexPath, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) return null;
    if (cached?.mtimeMs === mtimeMs) return cached.html;
    const meta = `<meta name="sortie-tile-url" content="${escapeAttribute(options.tileUrl ?? '')}" />`;
    const html = readFileSync(indexPath, 'utf8').replace('</head>', `    ${meta}\n  </head>`);
    cached = { mtimeMs, html };
    return html;
  };

  router.use(
    '/assets',
    csp,
    express.static(join(options.distDir, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
    }),
  );
  router.get(/^\/(?!api\/|api$|socket\.io\/|healthz$).*/, csp, (request, response, next) => {
    // Only page loads get the app; API clients and scripts keep the JSON 404.
    if (!(request.get('accept') ?? '').includes('text/html')) return next();
    const html = readIndex();
    if (html === null) {
      response
        .status(503)
        .type('text/plain')
        .send('The browser app is not built yet. Run `npm run build:client`, then reload.\n');
      return;
    }
    response.set('cache-control', 'no-cache').type('html').send(html);
  });
  return router;
}
