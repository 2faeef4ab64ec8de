import { type BaltraErrorOptions, InfrastructureError } from '../../../domain/errors.js';

/**
 * A unit of work committed, but the result of one or more of its idempotency keys could not be
 * stored in Redis afterwards (Redis unreachable, or the claim's lease ran out while the run was
 * stalled). Code `IDEMPOTENCY_RESULT_NOT_SAVED`, `retryable: false`: the work is done and a
 * retry would do it again. Each key's in-progress marker expires after the lease, and the
 * work can then run again for it (at-least-once; see `RedisIdempotentUnitOfWork`). `cause` is
 * the first failure; `context.keys` lists the keys.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof IdempotencyResultNotSavedError) logger.error('done, but may repeat', { keys: error.keys });
 * }
 * ```
 */
export class IdempotencyResultNotSavedError extends InfrastructureError {
  readonly retryable = false;
  readonly keys: readonly string[];

  constructor(keys: readonly string[], leaseMs: number, options: BaltraErrorOptions = {}) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `the unit of work committed, but the result of idempotency key ${keys.join(', ')} was not stored in Redis${reason}; its in-progress marker expires after the ${leaseMs} ms lease and the work can then run again`,
      {
        ...options,
        code: 'IDEMPOTENCY_RESULT_NOT_SAVED',
        context: { keys, leaseMs, committed: true, ...options.context },
      },
    );
    this.keys = Object.freeze([...keys]);
  }
}
