/** Stable codes of errors that a retry can fix. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'TIMEOUT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestTimeout',
]);

/** Stable codes that a retry can never fix, whatever else the error says. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
  'ABORT_ERR',
]);

/**
 * Classifies an error as transient — worth a retry and counted by circuit breakers — or
 * permanent. Retryable: an explicit `retryable: true`; HTTP status 408, 429 or 5xx (in
 * `status` or `statusCode`); timeouts; throttling; network failures (ECONNRESET,
 * ECONNREFUSED, `fetch failed` …). Never retryable: an explicit `retryable: false`,
 * validation, authentication and authorization errors, other 4xx, an open circuit, a full
 * bulkhead, a caller's abort, and anything unclassified.
 *
 * @example
 * ```ts
 * isRetryableError(Object.assign(new Error('bad gateway'), { status: 502 })); // true
 * isRetryableError(Object.assign(new Error('bad request'), { status: 400 })); // false
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const facts = error as {
    retryable?: unknown;
    status?: unknown;
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  if (typeof facts.retryable === 'boolean') return facts.retryable;
  if (typeof facts.code === 'string' && PERMANENT_CODES.has(facts.code)) return false;
  if (facts.name === 'AbortError') return false;
  const status = typeof facts.status === 'number' ? facts.status : facts.statusCode;
  if (typeof status === 'number') return status === 408 || status === 429 || status >= 500;
  if (typeof facts.code === 'string' && RETRYABLE_CODES.has(facts.code)) return true;
  if (facts.name === 'TimeoutError' || facts.name === 'TaskCancelledError') return true;
  if (typeof facts.name === 'string' && RETRYABLE_CODES.has(facts.name)) return true;
  // undici reports network failures as `TypeError: fetch failed` with the socket error as cause.
  if (facts.name === 'TypeError' && facts.cause !== undefined) return isRetryableError(facts.cause);
  return false;
}
