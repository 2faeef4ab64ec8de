import { outboundCorrelationHeaders } from './correlation.js';
import { API_VERSION } from './envelope.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key-header.js';
import type { ServiceRequest } from './service-request.js';
import type { TraceContext } from './trace-context.js';

type RequestParts = Pick<ServiceRequest<never>, 'headers' | 'idempotencyKey' | 'body'>;

/**
 * Builds the URL and headers of a service client's requests: the versioned base
 * (`{baseUrl}/{version}`), paths that cannot leave the host, the query string, and the
 * headers every request carries (JSON, correlation id and `traceparent`, idempotency key).
 * Rejects a base URL that is not http(s) or carries credentials, a query or a hash.
 *
 * @example
 * ```ts
 * const builder = new ServiceRequestBuilder('http://crm:8080', 'v1');
 * builder.url('/candidates/42', { expand: 'stage' }); // http://crm:8080/v1/candidates/42?expand=stage
 * ```
 */
export class ServiceRequestBuilder {
  /** The `host:port` every request goes to (the key of its circuit breaker). */
  readonly host: string;
  readonly #base: URL;
  readonly #prefix: string;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(
    baseUrl: string | URL,
    version: string = API_VERSION,
    headers: Readonly<Record<string, string>> = {},
  ) {
    const base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError('ServiceClient: baseUrl must be http or https');
    }
    if (base.username !== '' || base.password !== '' || base.search !== '' || base.hash !== '') {
      throw new TypeError('ServiceClient: baseUrl must not carry credentials, a query or a hash');
    }
    if (version !== '' && !/^[A-Za-z0-9._-]+$/.test(version)) {
      throw new TypeError(`ServiceClient: invalid version "${version}"`);
    }
    this.#base = base;
    this.#prefix = `${base.pathname.replace(/\/+$/, '')}${version === '' ? '' : `/${version}`}`;
    this.#headers = headers;
    this.host = base.host;
  }

  /** The URL of `path` below the versioned base, with the query's defined values. */
  url(path: string, query: ServiceRequest<never>['query']): URL {
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

  /** The headers of one request (the service token is added per attempt by the client). */
  headers(request: RequestParts, span: TraceContext | undefined): Headers {
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, value] of Object.entries({ ...this.#headers, ...request.headers })) {
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
}
