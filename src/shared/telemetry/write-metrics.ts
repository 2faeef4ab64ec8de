import type { ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import type { MetricsSource } from './metrics-source.js';

/**
 * Answers a scrape on a Node response: 200 with the source's content type and text (no body
 * for `HEAD`), never cached; 500 with a plain message when rendering failed (logged). Internal
 * to the metrics handlers and the metrics server.
 *
 * @example
 * ```ts
 * await writeMetrics(telemetry, res, logger, req.method === 'HEAD');
 * ```
 */
export async function writeMetrics(
  source: MetricsSource,
  res: ServerResponse,
  logger: Logger,
  headOnly = false,
): Promise<void> {
  let text: string;
  try {
    text = await source.metrics();
  } catch (error) {
    logger.error('metrics could not be rendered', {
      error: error instanceof Error ? error.message : String(error),
    });
    if (res.headersSent) return void res.end();
    res.statusCode = 500;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('metrics could not be rendered\n');
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', source.contentType);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(headOnly ? undefined : text);
}
