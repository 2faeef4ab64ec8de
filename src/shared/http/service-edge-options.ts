import type { RequestAuthenticator } from '../auth/request-authenticator.js';
import type { HealthRegistry } from '../health/health-registry.js';
import type { Logger } from '../logging/logger.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/** Options shared by the Express and Fastify edges (`@baltra/sdk/express`, `/fastify`). */
export interface ServiceEdgeOptions {
  /** Authenticates every request except health and `publicPaths`; none: no authentication. */
  readonly authenticator?: RequestAuthenticator;
  /** Serves `livePath` and `readyPath` when given. */
  readonly health?: HealthRegistry;
  /** Default: the SDK's process-wide logger (`getLogger()`), resolved per request. */
  readonly logger?: Logger;
  /** Default: the process-wide telemetry (`getTelemetry()`), resolved per request. */
  readonly telemetry?: Telemetry;
  /** Exact paths served without authentication (health paths always are). */
  readonly publicPaths?: readonly string[];
  /** Default `/health/live`. */
  readonly livePath?: string;
  /** Default `/health/ready`. */
  readonly readyPath?: string;
  /** Extra error code → HTTP status pairs for `toErrorEnvelope`. */
  readonly statusByCode?: Readonly<Record<string, number>>;
  /** Log one line per request (method, route, status, duration); default true. */
  readonly logRequests?: boolean;
}
