import { describeError } from '../resilience/describe-error.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import { getTelemetry } from '../telemetry/global-telemetry.js';
import { METRICS } from '../telemetry/metric-catalogue.js';
import { recordMetric } from '../telemetry/record-metric.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { StandardSchemaV1 } from '../validation/standard-schema-v1.js';
import { HttpClientError } from './http-client-error.js';
import { isIdempotentRequest } from './is-idempotent-request.js';
import type { ServiceClientOptions } from './service-client-options.js';
import { serviceClientPolicies } from './service-client-policies.js';
import type { HttpMethod, ServiceRequest, ServiceRequestOptions } from './service-request.js';
import { ServiceRequestBuilder } from './service-request-builder.js';
import { type ServiceResponse, ServiceResponseDecoder } from './service-response-decoder.js';

export type {
  ServiceClientBreakerOptions,
  ServiceClientOptions,
  ServiceClientRetryOptions,
} from './service-client-options.js';
export type { HttpMethod, ServiceRequest, ServiceRequestOptions } from './service-request.js';

/**
 * A client for another service's versioned JSON API, on Node's `fetch`: each attempt is
 * bounded by a timeout (AbortSignal); a circuit breaker per host fails fast while the host is
 * failing; retries (exponential backoff with jitter, honouring `Retry-After`) happen only for
 * idempotent requests — GET, HEAD, PUT, DELETE, OPTIONS, or any request with an
 * `idempotency-key` — and only for transient failures (5xx, 408, 429, timeouts, network);
 * the correlation id, a `traceparent` and the service token are propagated; redirects are
 * not followed (a token never leaves for another host); responses are validated with a schema:
 * zod, or any other Standard Schema v1 validator. Errors: {@link HttpClientError}, {@link ResponseValidationError},
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
  readonly #target: string;
  readonly #requests: ServiceRequestBuilder;
  readonly #responses: ServiceResponseDecoder;
  readonly #withRetry: ResiliencePolicy;
  readonly #withoutRetry: ResiliencePolicy;

  constructor(options: ServiceClientOptions) {
    this.#options = options;
    this.#requests = new ServiceRequestBuilder(options.baseUrl, options.version, options.headers);
    this.#target = options.name ?? this.#requests.host;
    this.#responses = new ServiceResponseDecoder({
      maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
      envelope: options.envelope !== false,
    });
    const policies = serviceClientPolicies(options, this.#target, this.#requests.host, () =>
      this.#telemetry(),
    );
    this.#withRetry = policies.withRetry;
    this.#withoutRetry = policies.withoutRetry;
  }

  /** GET `path`; `data` validated by `schema`. */
  get<S extends StandardSchemaV1>(
    path: string,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return this.request({ ...options, method: 'GET', path, schema });
  }

  /** POST `body` as JSON; retried only with an `idempotencyKey`. */
  post<S extends StandardSchemaV1>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return this.request({ ...options, method: 'POST', path, body, schema });
  }

  /** PUT `body` as JSON. */
  put<S extends StandardSchemaV1>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return this.request({ ...options, method: 'PUT', path, body, schema });
  }

  /** PATCH `body` as JSON; retried only with an `idempotencyKey`. */
  patch<S extends StandardSchemaV1>(
    path: string,
    body: unknown,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return this.request({ ...options, method: 'PATCH', path, body, schema });
  }

  /** DELETE `path`. */
  delete<S extends StandardSchemaV1>(
    path: string,
    schema: S,
    options: ServiceRequestOptions = {},
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return this.request({ ...options, method: 'DELETE', path, schema });
  }

  /** Sends one request through timeout, breaker and (when idempotent) retries. */
  async request<S extends StandardSchemaV1>(
    request: ServiceRequest<S>,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    const method = request.method ?? 'GET';
    const url = this.#requests.url(request.path, request.query);
    const telemetry = this.#telemetry();
    const span = telemetry.startSpan(`HTTP ${method}`, {
      kind: 'client',
      attributes: { 'http.request.method': method, 'peer.service': this.#target },
    });
    const headers = this.#requests.headers(request, span.identity());
    const idempotent = isIdempotentRequest(method, Object.fromEntries(headers.entries()));
    const policy = idempotent ? this.#withRetry : this.#withoutRetry;
    const started = performance.now();
    const labels = { target: this.#target, method };
    try {
      const result = await policy.execute(
        ({ signal }) => this.#attempt(method, request, url, headers, signal),
        request.signal,
      );
      const data = await this.#responses.decode(method, request.path, result, request.schema);
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

  #telemetry(): Telemetry {
    return this.#options.telemetry ?? getTelemetry();
  }

  async #attempt(
    method: HttpMethod,
    request: ServiceRequest<StandardSchemaV1>,
    url: URL,
    baseHeaders: Headers,
    signal: AbortSignal,
  ): Promise<ServiceResponse> {
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
    return this.#responses.read(method, request.path, response);
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
