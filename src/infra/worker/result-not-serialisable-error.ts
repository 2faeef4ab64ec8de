import { EdgeError, type EdgeErrorOptions } from '../../shared/http/edge-error.js';

/**
 * A handler returned something that is not a JSON value (a BigInt, a cycle): it cannot be
 * stored or sent to a callback, and returning it again will not help, so the action goes to
 * the dead-letter queue as `non_retryable_error` and its unit of work rolls back. Code
 * `RESULT_NOT_SERIALISABLE`.
 *
 * @example
 * ```ts
 * // handle: async () => ({ count: 10n }) → ResultNotSerialisableError
 * ```
 */
export class ResultNotSerialisableError extends EdgeError {
  readonly code = 'RESULT_NOT_SERIALISABLE';
  readonly retryable = false;

  constructor(actionType: string, options: EdgeErrorOptions = {}) {
    super(`The result of ${actionType} is not a JSON value`, {
      ...options,
      context: { actionType, ...options.context },
    });
  }
}
