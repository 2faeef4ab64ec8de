import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsSource } from '../../shared/telemetry/metrics-source.js';

/**
 * The `/metrics` route handler for Fastify: answers the scrape with the source's exposition
 * and content type (a `PrometheusTelemetry` of `@baltra/sdk/prometheus`, or a prom-client
 * `Registry`), uncached. A failed rendering goes to Fastify's error handler (the edge's
 * envelope, 500). Behind `baltraEdge`'s authentication, list the path in `publicPaths` (and
 * keep it off the public network) or serve metrics on their own port with `startMetricsServer`.
 *
 * @example
 * ```ts
 * await app.register(baltraEdge, { health, authenticator, publicPaths: ['/metrics'] });
 * app.get('/metrics', fastifyMetricsHandler(telemetry));
 * ```
 */
export function fastifyMetricsHandler(
  source: MetricsSource,
): (request: FastifyRequest, reply: FastifyReply) => Promise<string> {
  return async (_request, reply) => {
    const text = await source.metrics();
    void reply.header('content-type', source.contentType).header('cache-control', 'no-store');
    return text;
  };
}
