import type { ServerResponse } from 'node:http';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { MetricsSource } from '../../shared/telemetry/metrics-source.js';
import { writeMetrics } from '../../shared/telemetry/write-metrics.js';
import type { EdgeNext, EdgeRequest } from './node-http-types.js';

/**
 * The `/metrics` route for Express: answers the scrape with the source's exposition and
 * content type (a `PrometheusTelemetry` of `@baltra/sdk/prometheus`, or a prom-client
 * `Registry`), uncached; a failed rendering answers 500 and is logged. Mount it with `GET`;
 * behind the edge's authentication, list the path in `publicPaths` (and keep it off the public
 * network) or serve metrics on their own port with `startMetricsServer`.
 *
 * @example
 * ```ts
 * const edge = createExpressEdge({ health, authenticator, publicPaths: ['/metrics'] });
 * app.use(edge.before);
 * app.get('/metrics', expressMetricsHandler(telemetry));
 * ```
 */
export function expressMetricsHandler(
  source: MetricsSource,
  options: { readonly logger?: Logger } = {},
): (req: EdgeRequest, res: ServerResponse, next: EdgeNext) => void {
  return (req, res, next) => {
    writeMetrics(source, res, options.logger ?? getLogger(), req.method === 'HEAD').catch(next);
  };
}
