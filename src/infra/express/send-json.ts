import type { ServerResponse } from 'node:http';

/**
 * Writes a JSON response without Express's helpers (so the edge works on any
 * `(req, res, next)` stack). Marks it uncacheable: it may be an error or health report.
 *
 * @example
 * ```ts
 * sendJson(res, 200, ok({ id }));
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.end(payload);
}
