import { EdgeError, type EdgeErrorOptions } from './edge-error.js';

/** Facts of a failed outgoing call. */
export interface HttpClientErrorDetails {
  readonly method: string;
  /** The request path, without the query string (which may carry secrets). */
  readonly path: string;
  /** The response status; absent when no response arrived (network failure). */
  readonly status?: number;
  /** The `error.code` of the other service's envelope, when it sent one. */
  readonly remoteCode?: string;
  /** From a `Retry-After` header on 429/503, in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * Another service answered with a non-2xx status, or could not be reached. Code
 * `UPSTREAM_HTTP_ERROR` (or `UPSTREAM_UNAVAILABLE` for network failures), which the edge
 * answers with a generic 500: a dependency's error is never passed through to our callers.
 * `retryable` is true for 408, 429, 5xx and network failures.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof HttpClientError && error.status === 404) return undefined;
 *   throw error;
 * }
 * ```
 */
export class HttpClientError extends EdgeError {
  readonly code: 'UPSTREAM_HTTP_ERROR' | 'UPSTREAM_UNAVAILABLE';
  readonly status: number | undefined;
  readonly remoteCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(details: HttpClientErrorDetails, options: EdgeErrorOptions = {}) {
    const { method, path, status } = details;
    super(
      status === undefined
        ? `${method} ${path} failed: the service could not be reached`
        : `${method} ${path} failed with HTTP ${status}`,
      {
        ...options,
        context: {
          method,
          path,
          ...(status === undefined ? {} : { status }),
          ...(details.remoteCode === undefined ? {} : { remoteCode: details.remoteCode }),
          ...options.context,
        },
      },
    );
    this.code = status === undefined ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_HTTP_ERROR';
    this.status = status;
    this.remoteCode = details.remoteCode;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = status === undefined || status === 408 || status === 429 || status >= 500;
  }
}
