import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/**
 * Meta throttled the call (Graph error codes 4, 17, 32, 613, 80000–80014, or HTTP 429).
 * Code `RATE_LIMITED`, retryable. `retryAfterMs` is when access comes back according to the
 * `x-business-use-case-usage` / `x-app-usage` headers (`estimated_time_to_regain_access`,
 * in minutes), when Meta said so; do not call again before it.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof MetaRateLimitedError) await scheduleRetry(error.retryAfterMs ?? 60_000);
 * }
 * ```
 */
export class MetaRateLimitedError extends InfrastructureError {
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: BaltraErrorOptions & { readonly retryAfterMs?: number | undefined } = {},
  ) {
    super(message, { ...options, code: 'RATE_LIMITED' });
    this.retryAfterMs = options.retryAfterMs;
  }
}
