import express, { type RequestHandler } from 'express';

/**
 * Serves the built playground. Hashed assets are immutable and cached for a year; index.html
 * is revalidated every time so a rebuild shows up on the next reload.
 */
export function servePlayground(dir: string): RequestHandler {
  return express.static(dir, {
    index: 'index.html',
    setHeaders(res, file) {
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
