import { AuthenticationError } from '../auth/authentication-error.js';
import { AuthorizationError } from '../auth/authorization-error.js';
import type { Principal } from '../auth/principal.js';
import { type ExecutionContextPatch, runWithContext } from '../context/execution-context.js';
import { getLogger } from '../logging/configure-logging.js';
import type { Logger } from '../logging/logger.js';
import { getTelemetry } from '../telemetry/global-telemetry.js';
import { METRICS } from '../telemetry/metric-catalogue.js';
import { recordMetric } from '../telemetry/record-metric.js';
import type { Telemetry, TelemetrySpan } from '../telemetry/telemetry.js';
import { CORRELATION_ID_HEADER, readInboundCorrelation } from './correlation.js';
import type { HeaderBag } from './header-bag.js';
import { type MappedError, toErrorEnvelope } from './to-error-envelope.js';
import { newSpanId, newTraceId, type TraceContext } from './trace-context.js';

/** What the edge knows about a request when it arrives. */
export interface ServerRequestInit {
  readonly method: string;
  /** The request target (path and query); the query is never logged. */
  readonly url: string;
  readonly headers: HeaderBag;
}

/** Dependencies of {@link ServerRequest}. */
export interface ServerRequestOptions {
  readonly logger?: Logger;
  readonly telemetry?: Telemetry;
  readonly statusByCode?: Readonly<Record<string, number>>;
  readonly logRequests?: boolean;
}

/** How the request ended. */
export interface ServerRequestOutcome {
  readonly status: number;
  /** The matched route template (`/v1/candidates/:id`), for low-cardinality metrics. */
  readonly route?: string;
}

/**
 * The framework-independent part of serving one request, used by the Express and Fastify
 * edges: adopts or creates the correlation id, continues the caller's W3C trace (new span id,
 * same trace id), opens a server span, maps errors to envelopes (logging 5xx at `error`
 * without stack, rejected credentials at `warn` with their reason only), and on finish
 * records `http_server_requests_total` and `http_server_request_duration_seconds` and logs
 * one line per request. No token, header value or query string is ever logged.
 *
 * @example
 * ```ts
 * const request = ServerRequest.start({ method: req.method, url: req.url, headers: req.headers });
 * res.setHeader('x-correlation-id', request.context.correlationId);
 * request.run(() => handle(req, res));
 * res.on('finish', () => request.finish({ status: res.statusCode, route: '/v1/candidates/:id' }));
 * ```
 */
export class ServerRequest {
  /** Put into the execution context for the request's duration. */
  readonly context: ExecutionContextPatch & {
    readonly correlationId: string;
    readonly traceId: string;
    readonly spanId: string;
    readonly traceFlags: number;
  };
  readonly #init: ServerRequestInit;
  readonly #options: ServerRequestOptions;
  readonly #span: TelemetrySpan;
  readonly #telemetry: Telemetry;
  readonly #started = performance.now();
  #principal: Principal | undefined;
  #failure: MappedError | undefined;
  #finished = false;

  private constructor(init: ServerRequestInit, options: ServerRequestOptions) {
    this.#init = init;
    this.#options = options;
    this.#telemetry = options.telemetry ?? getTelemetry();
    const { correlationId, parent } = readInboundCorrelation(init.headers);
    this.#span = this.#telemetry.startSpan(`HTTP ${init.method}`, {
      kind: 'server',
      attributes: { 'http.request.method': init.method },
      ...(parent === undefined ? {} : { parent }),
    });
    const trace: TraceContext = this.#span.identity() ?? {
      traceId: parent?.traceId ?? newTraceId(),
      spanId: newSpanId(),
      traceFlags: parent?.traceFlags ?? 1,
    };
    this.context = {
      correlationId,
      traceId: trace.traceId,
      spanId: trace.spanId,
      traceFlags: trace.traceFlags,
    };
  }

  /** Starts serving a request. */
  static start(init: ServerRequestInit, options: ServerRequestOptions = {}): ServerRequest {
    return new ServerRequest(init, options);
  }

  /**
   * Runs `fn` (the rest of the request's handling) with the request's execution context and
   * its server span active, so logs carry the correlation id and trace, and spans started
   * inside — outgoing calls, `traced()` use cases — become children of the server span.
   */
  run<T>(fn: () => T): T {
    return runWithContext(this.context, () => this.#telemetry.withSpan(this.#span, fn));
  }

  /** Headers to send back: the correlation id. */
  get responseHeaders(): Readonly<Record<string, string>> {
    return { [CORRELATION_ID_HEADER]: this.context.correlationId };
  }

  /** The request path without its query string. */
  get path(): string {
    const end = this.#init.url.search(/[?#]/);
    return end < 0 ? this.#init.url : this.#init.url.slice(0, end);
  }

  /** The authenticated caller, once known. */
  get principal(): Principal | undefined {
    return this.#principal;
  }

  /** Records who the caller is (for the request log). */
  authenticated(principal: Principal): void {
    this.#principal = principal;
  }

  /**
   * Maps an error to the status and envelope to send, and logs it: unexpected errors at
   * `error` level (name, code and masked message, no stack), rejected credentials at `warn`
   * (reason only).
   */
  fail(error: unknown): MappedError {
    const mapped = toErrorEnvelope(
      error,
      this.#options.statusByCode === undefined ? {} : { statusByCode: this.#options.statusByCode },
    );
    this.#failure = mapped;
    const fields = { correlationId: this.context.correlationId, method: this.#init.method };
    if (error instanceof AuthenticationError) {
      this.#logger().warn('authentication failed', { ...fields, reason: error.reason });
    } else if (error instanceof AuthorizationError) {
      this.#logger().warn('authorization failed', {
        ...fields,
        missing: error.missing,
        subject: this.#principal?.subject,
      });
    } else if (mapped.status >= 500) {
      this.#span.recordError(error);
      this.#logger().error('request failed', { ...fields, path: this.path, error });
    }
    return mapped;
  }

  /** Ends the span, records the metrics and writes the request log line (once). */
  finish(outcome: ServerRequestOutcome): void {
    if (this.#finished) return;
    this.#finished = true;
    const route = outcome.route ?? 'unmatched';
    const seconds = (performance.now() - this.#started) / 1000;
    const labels = { method: this.#init.method, route, status_code: String(outcome.status) };
    this.#span.setAttribute('http.route', route);
    this.#span.setAttribute('http.response.status_code', outcome.status);
    this.#span.end();
    recordMetric(this.#telemetry, METRICS.httpServerRequestsTotal, 1, labels);
    recordMetric(this.#telemetry, METRICS.httpServerRequestDurationSeconds, seconds, labels);
    if (this.#options.logRequests === false) return;
    const fields = {
      correlationId: this.context.correlationId,
      traceId: this.context.traceId,
      spanId: this.context.spanId,
      method: this.#init.method,
      route,
      path: this.path,
      status: outcome.status,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(this.#principal === undefined
        ? {}
        : { principal: this.#principal.subject, principalKind: this.#principal.kind }),
      ...(this.#failure === undefined ? {} : { errorCode: this.#failure.body.error.code }),
    };
    if (outcome.status >= 500) this.#logger().warn('http request', fields);
    else this.#logger().info('http request', fields);
  }

  #logger(): Logger {
    return this.#options.logger ?? getLogger();
  }
}
