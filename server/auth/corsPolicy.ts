import type { RequestHandler } from 'express';

/**
 * CORS, closed unless origins are configured (SORTIE_CORS_ORIGINS): the browser app is served
 * by Sortie itself, so no other site needs to read its answers. A listed origin may send
 * credentials; preflights are answered here and go no further.
 */
export function corsPolicy(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || !allowedOrigins.includes(origin)) {
      if (req.method === 'OPTIONS') return void res.status(204).end();
      return next();
    }
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'content-type');
      res.setHeader('Access-Control-Max-Age', '600');
      return void res.status(204).end();
    }
    next();
  };
}
