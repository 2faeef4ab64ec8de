import { EdgeError, type EdgeErrorOptions } from '../../shared/http/edge-error.js';

/**
 * An action arrived with the id of an action already applied, but with another type or other
 * data (another fingerprint): it is not a replay, so it is neither run nor acknowledged as
 * one; it goes to the dead-letter queue with reason `idempotency_conflict`. Code
 * `IDEMPOTENCY_CONFLICT`.
 *
 * @example
 * ```ts
 * if (error instanceof IdempotencyConflictError) log.warn('action id reused', { actionId: error.context.actionId });
 * ```
 */
export class IdempotencyConflictError extends EdgeError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  readonly retryable = false;

  constructor(actionId: string, options: EdgeErrorOptions = {}) {
    super(
      `Action ${actionId} was already applied with other data: an action id must not be reused`,
      { ...options, context: { actionId, ...options.context } },
    );
  }
}
