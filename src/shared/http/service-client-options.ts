import type { Telemetry } from '../telemetry/telemetry.js';
import type { HostCircuitBreakers } from './host-circuit-breakers.js';

/** Retry settings of a {@link ServiceClient} (exponential backoff with jitter). */
export interface ServiceClientRetryOptions {
  /** Default 2. */
  readonly maxRetries?: number;
  /** Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Default 5 s; also caps a `Retry-After`. */
  readonly maxDelayMs?: number;
}

/** Circuit breaker settings of a {@link ServiceClient} (one breaker per host). */
export interface ServiceClientBreakerOptions {
  /** Default 5. */
  readonly consecutiveFailures?: number;
  /** Default 30 s. */
  readonly halfOpenAfterMs?: number;
}

/** Options of {@link createServiceClient}. */
export interface ServiceClientOptions {
  /** The service's origin (and optional base path), e.g. `http://candidates-api:8080`. */
  readonly baseUrl: string | URL;
  /** API version prefixed to every path (`/v1/...`); default `v1`; `''` for none. */
  readonly version?: string;
  /** The target's name in metrics and spans; default the host. */
  readonly name?: string;
  /** Timeout of each attempt; default 5 s. */
  readonly timeoutMs?: number;
  /** Retries for idempotent requests; `false` disables them. */
  readonly retry?: ServiceClientRetryOptions | false;
  /** Circuit breaker settings (ignored when `breakers` is given); `false` disables it. */
  readonly breaker?: ServiceClientBreakerOptions | false;
  /** Per-host breakers shared with other clients. */
  readonly breakers?: HostCircuitBreakers;
  /** Supplies the service token sent as `Authorization: Bearer …` (called per attempt). */
  readonly tokenProvider?: () => Promise<string> | string;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Expect the `{ ok, data }` envelope (default) or plain JSON bodies. */
  readonly envelope?: boolean;
  /** Largest response body read; default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Default: the process-wide telemetry at call time. */
  readonly telemetry?: Telemetry;
}
