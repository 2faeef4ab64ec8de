import { EdgeError, type EdgeErrorOptions } from '../../shared/http/edge-error.js';

/**
 * The process running this action alone ended before the handler did, `crashes` times:
 * nothing else was running, so the action is taken to be what kills it (a "crash poison") and goes to the dead-letter queue
 * with reason `worker_crashed`. Code `WORKER_CRASHED`.
 *
 * @example
 * ```ts
 * new WorkerCrashedError(2); // "The process died 2 times while this action ran alone in it"
 * ```
 */
export class WorkerCrashedError extends EdgeError {
  readonly code = 'WORKER_CRASHED';
  readonly retryable = false;

  constructor(crashes: number, options: EdgeErrorOptions = {}) {
    super(`The process died ${crashes} times while this action ran alone in it`, {
      ...options,
      context: { crashes, ...options.context },
    });
  }
}
