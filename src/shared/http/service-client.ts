import type { z } from 'zod';
import type { CircuitBreaker } from '../resilience/circuit-breaker-policy.js';
import { describeError } from '../resilience/describe-error.js';
import { resilience } from '../resilience/resilience.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import { retryPolicy } from '../resilience/retry-policy.js';
import { timeoutPolicy } from '../resilience/timeout-policy.js';
import { getTelemetry } from '../telemetry/global-telemetry.js';
import { METRICS } from '../telemetry/metric-catalogue.js';
import { recordMetric } from '../telemetry/record-metric.js';
import { recordResilienceEvents } from '../telemetry/record-resilience-events.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { outboundCorrelationHeaders } from './correlation.js';
import { API_VERSION } from './envelope.js';
import { HostCircuitBreakers } from './host-circuit-breakers.js';
import { HttpClientError } from './http-client-error.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key-header.js';
import { isIdempotentRequest } from './is-idempotent-request.js';
import { ResponseValidationError } from './response-validation-error.js';
import type { TraceContext } from './trace-context.js';

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

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

/** One request of a {@link ServiceClient}. */
export interface ServiceRequest<S extends z.ZodType> {
  readonly method?: HttpMethod;
  /** Path below the versioned base, starting with `/`: `/candidates/123`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `idempotency-key`; makes a POST or PATCH retryable. */
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
  /** Validates the response's `data` (or the whole body without the envelope). */
  readonly schema: S;
}

/** Per-call options of the method shortcuts. */
export type ServiceRequestOptions = Omit<
  ServiceRequest<z.ZodType>,
  'method' | 'path' | 'schema' | 'body'
>;

interface AttemptResult {
  readonly status: number;
  readonly text: string;
}

/**
 * A client for another service's versioned JSON API, on Node's `fetch`: each attempt is
 * bounded by a timeout (AbortSignal); a circuit breaker per host fails fast while the host is
 * failing; retries (exponential backoff with jitter, honouring `Retry-After`) happen only for
 * idempotent requests — GET, HEAD, PUT, DELETE, OPTIONS, or any request with an
 * `idempotency-key` — and only for transient failures (5xx, 408, 429, timeouts, network);
 * the correlation id, a `traceparent` and the service token are propagated; redirects are
 * not followed (a token never leaves for another host); responses are validated with a zod
 * schema. Errors: {@link HttpClientError}, {@link ResponseValidationError},
 * `CircuitOpenError`, `OperationTimeoutError`.
 *
 * @example
 * ```ts
 * const candidates = createServiceClient({
 *   baseUrl: 'http://candidates-api:8080', timeoutMs: 2000, tokenProvider,
 * });
 * const candidate = await candidates.get('/candidates/42', z.object({ id: z.string(), stage: z.string() }));
 * await candidates.post('/candidates', input, candidateSchema, { idempotencyKey: `lead-${leadId}` });
 * ```
 */
export class ServiceClient {
  readonly #options: ServiceClientOptions;
  readonly #base: URL;
  readonly #prefix: string;
  readonly #target: string;
  readonly #withRetry: ResiliencePolicy;
  readonly #withoutRetry: ResiliencePolicy;
  readonly #maxResponseBytes: number;

  constructor(options: ServiceClientOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError('ServiceClient: baseUrl must be http or https');
    }
    if (base.username !== '' || base.password !== '' || base.search !== '' || base.hash !== '') {
      throw new TypeError('ServiceClient: baseUrl must not carry credentials, a query or a hash');
    }
    const version = options.version ?? API_VERSION;
    if (version !== '' && !/^[A-Za-z0-9._-]+$/.test(version)) {
      throw new TypeError(`ServiceClient: invalid version "${version}"`);
    }
    this.#options = options;
    this.#base = base;
    this.#prefix = `${base.pathname.replace(/\/+$/, '')}${version === '' ? '' : `/${version}`}`;
    this.#target = options.name ?? base.host;
    this.#maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    const inner: ResiliencePolicy[] = [];
    const breaker = this.#breaker();
    if (breaker !== undefined) inner.push(breaker);
    inner.push(timeoutPolicy({ name: this.#target, timeoutMs: options.timeoutMs ?? 5000 }));
    this.#withoutRetry = resilience(...inner);
    if (options.retry === false) {
      this.#withRetry = this.#withoutRetry;
    } else {
      const retry = retryPolicy({
        name: this.#target,
        maxRetries: options.retry?.maxRetries ?? 2,
        initialDelayMs: options.retry?.initialDelayMs ?? 100,
        maxDelayMs: options.retry?.maxDelayMs ?? 5000,
      });
      retry.onEvent((event) => recordResilienceEvents(this.#telemetry())(event));
      this.#withRetry = resilience(retry, ...inner);
    }
  }

  /** GET `path`; `data` validated by `schema`. */
  get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.request({ ...options, method: 'GET', path, schema });
  }

  /** POST `body` as JSON; retried only with an `idempotencyKey`. */
  post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.request({ ...options, method: 'POST', path, body, schema });
  }

  /** PUT `body` as JSON. */
  put<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.request({ ...options, method: 'PUT', path, body, schema });
  }

  /** PATCH `body` as JSON; retried only with an `idempotencyKey`. */
  patch<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.request({ ...options, method: 'PATCH', path, body, schema });
  }

  /** DELETE `path`. */
  delete<S extends z.ZodType>(
    path: string,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<z.output<S>> {
    return this.request({ ...options, method: 'DELETE', path, schema });
  }

  /** Sends one request through timeout, breaker and (when idempotent) retries. */
  async request<S extends z.ZodType>(request: ServiceRequest<S>): Promise<z.output<S>> {
    const method = request.method ?? 'GET';
    const url = this.#url(request.path, request.query);
    const telemetry = this.#telemetry();
    const span = telemetry.startSpan(`HTTP ${method}`, {
      kind: 'client',
      attributes: { 'http.request.method': method, 'peer.service': this.#target },
    });
    const headers = this.#headers(request, span.identity());
    const idempotent = isIdempotentRequest(method, Object.fromEntries(headers.entries()));
    const policy = idempotent ? this.#withRetry : this.#withoutRetry;
    const started = performance.now();
    const labels = { target: this.#target, method };
    try {
      const result = await policy.execute(
        ({ signal }) => this.#attempt(method, request, url, headers, signal),
        request.signal,
      );
      const data = this.#parse(method, request.path, result, request.schema);
      span.setAttribute('http.response.status_code', result.status);
      this.#record(telemetry, labels, started, 'success', String(result.status));
      return data;
    } catch (error) {
      span.recordError(error);
      const status = error instanceof HttpClientError ? error.status : undefined;
      this.#record(
        telemetry,
        labels,
        started,
        'error',
        status === undefined ? 'none' : String(status),
      );
      recordMetric(telemetry, METRICS.externalCallErrorsTotal, 1, {
        ...labels,
        error: describeError(error),
      });
      throw error;
    } finally {
      span.end();
    }
  }

  #breaker(): CircuitBreaker | undefined {
    const { breakers, breaker } = this.#options;
    if (breakers !== undefined) return breakers.forHost(this.#base.host);
    if (breaker === false) return undefined;
    return new HostCircuitBreakers({
      ...(breaker?.consecutiveFailures === undefined
        ? {}
        : { consecutiveFailures: breaker.consecutiveFailures }),
      halfOpenAfterMs: breaker?.halfOpenAfterMs ?? 30_000,
      listener: (event) => recordResilienceEvents(this.#telemetry())(event),
    }).forHost(this.#base.host);
  }

  #telemetry(): Telemetry {
    return this.#options.telemetry ?? getTelemetry();
  }

  #url(path: string, query: ServiceRequest<z.ZodType>['query']): URL {
    if (!path.startsWith('/') || path.startsWith('//') || /[\\#?]|(^|\/)\.\.?(\/|$)/.test(path)) {
      throw new TypeError(
        'ServiceClient: path must start with one "/" and contain no "..", "?", "#" or "\\"',
      );
    }
    const url = new URL(`${this.#prefix}${path}`, this.#base);
    if (url.origin !== this.#base.origin)
      throw new TypeError('ServiceClient: path leaves the host');
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
    return url;
  }

  #headers(request: ServiceRequest<z.ZodType>, span: TraceContext | undefined): Headers {
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, value] of Object.entries({ ...this.#options.headers, ...request.headers })) {
      headers.set(name, value);
    }
    for (const [name, value] of Object.entries(outboundCorrelationHeaders(span))) {
      headers.set(name, value);
    }
    if (request.idempotencyKey !== undefined) {
      headers.set(IDEMPOTENCY_KEY_HEADER, request.idempotencyKey);
    }
    if (request.body !== undefined) headers.set('content-type', 'application/json');
    return headers;
  }

  async #attempt(
    method: HttpMethod,
    request: ServiceRequest<z.ZodType>,
    url: URL,
    baseHeaders: Headers,
    signal: AbortSignal,
  ): Promise<AttemptResult> {
    const headers = new Headers(baseHeaders);
    const { tokenProvider } = this.#options;
    if (tokenProvider !== undefined)
      headers.set('authorization', `Bearer ${await tokenProvider()}`);
    const doFetch = this.#options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        redirect: 'manual',
        signal,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new HttpClientError(
        { method, path: request.path },
        { context: { network: describeError((error as { cause?: unknown }).cause ?? error) } },
      );
    }
    if (response.status >= 300) {
      const text =
        response.status >= 400 ? await this.#readText(method, request.path, response) : '';
      if (response.status < 400) await response.body?.cancel();
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const remoteCode = remoteErrorCode(text);
      throw new HttpClientError({
        method,
        path: request.path,
        status: response.status,
        ...(remoteCode === undefined ? {} : { remoteCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    return { status: response.status, text: await this.#readText(method, request.path, response) };
  }

  async #readText(method: string, path: string, response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.#maxResponseBytes || response.body === null) {
      await response.body?.cancel();
      if (declared > this.#maxResponseBytes) throw tooLarge(method, path, this.#maxResponseBytes);
      return '';
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > this.#maxResponseBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge(method, path, this.#maxResponseBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  #parse<S extends z.ZodType>(
    method: string,
    path: string,
    result: AttemptResult,
    schema: S,
  ): z.output<S> {
    let body: unknown;
    if (result.text.trim() !== '') {
      try {
        body = JSON.parse(result.text);
      } catch {
        throw new ResponseValidationError(method, path, ['(root): body is not JSON']);
      }
    }
    let data = body;
    if (this.#options.envelope !== false && result.status !== 204) {
      if (typeof body !== 'object' || body === null || (body as { ok?: unknown }).ok !== true) {
        throw new ResponseValidationError(method, path, ['(root): expected { ok: true, data }']);
      }
      data = (body as { data?: unknown }).data;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new ResponseValidationError(
        method,
        path,
        parsed.error.issues.map(
          (issue) =>
            `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
        ),
      );
    }
    return parsed.data;
  }

  #record(
    telemetry: Telemetry,
    labels: { target: string; method: string },
    started: number,
    outcome: 'success' | 'error',
    statusCode: string,
  ): void {
    recordMetric(telemetry, METRICS.externalCallRequestsTotal, 1, {
      ...labels,
      status_code: statusCode,
      outcome,
    });
    recordMetric(
      telemetry,
      METRICS.externalCallDurationSeconds,
      (performance.now() - started) / 1000,
      { ...labels, outcome },
    );
  }
}

/**
 * Creates a {@link ServiceClient}.
 *
 * @example
 * ```ts
 * const crm = createServiceClient({ baseUrl: 'http://crm:8080', version: 'v1', timeoutMs: 2000 });
 * ```
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  return new ServiceClient(options);
}

function tooLarge(method: string, path: string, limit: number): ResponseValidationError {
  return new ResponseValidationError(method, path, [`(root): body exceeds ${limit} bytes`]);
}

function remoteErrorCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown } };
    const code = body.ok === false ? body.error?.code : undefined;
    return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
