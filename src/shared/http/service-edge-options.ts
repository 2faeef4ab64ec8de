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
  /**
   * Largest request body accepted, in bytes: default 1 MiB (1,048,576), bounds 1 KiB – 256 MiB.
   * A larger declared `Content-Length` is answered 413 `PAYLOAD_TOO_LARGE` before the body is
   * read. Fastify routes get it as their `bodyLimit` (the stricter of it and the server's or
   * route's own); on Express give it to the body parser (`express.json({ limit:
   * edge.limits.maxBodyBytes })`) so streamed (chunked) bodies are bounded too.
   */
  readonly maxBodyBytes?: number;
  /**
   * Largest header section accepted (every `Name: value` line with its CRLF), in bytes: default
   * 16 KiB (16,384, Node's own `maxHeaderSize`), bounds 1 KiB – 64 KiB. Above it the edge
   * answers 431 `HEADERS_TOO_LARGE`; above Node's `maxHeaderSize` Node's parser answers 431
   * without a body before the edge runs.
   */
  readonly maxHeaderBytes?: number;
}
