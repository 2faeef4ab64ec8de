import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/** Stable codes of {@link OpenAiError}. */
export type OpenAiErrorCode =
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'TIMEOUT'
  | 'AI_AUTH_FAILED'
  | 'AI_REQUEST_REJECTED';

/**
 * OpenAI refused or failed a request. `RATE_LIMITED` (429, with the server's `retryAfterMs`),
 * `UPSTREAM_UNAVAILABLE` (5xx or no connection) and `TIMEOUT` are retryable;
 * `AI_AUTH_FAILED` (401/403) and `AI_REQUEST_REJECTED` (other 4xx) are not. The message is
 * OpenAI's, masked; the context holds the status, OpenAI's error code and request id.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof OpenAiError && error.code === 'RATE_LIMITED') reschedule(error.retryAfterMs);
 * }
 * ```
 */
export class OpenAiError extends InfrastructureError {
  declare readonly code: OpenAiErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How long the server asked to wait (`retry-after-ms` or `retry-after`), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: OpenAiErrorCode,
    message: string,
    options: BaltraErrorOptions & { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message, { ...options, code, context: { status: options.status, ...options.context } });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable =
      code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE' || code === 'TIMEOUT';
  }
}
