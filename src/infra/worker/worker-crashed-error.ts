import { EdgeError, type EdgeErrorOptions } from '../../shared/http/edge-error.js';

/**
 * The process running this action ended before the handler did, `crashes` times: the
 * action is taken to be what kills it (a "crash poison") and goes to the dead-letter queue
 * with reason `worker_crashed`. Code `WORKER_CRASHED`.
 *
 * @example
 * ```ts
 * new WorkerCrashedError(3); // "The worker running this action died 3 times before it finished"
 * ```
 */
export class WorkerCrashedError extends EdgeError {
  readonly code = 'WORKER_CRASHED';
  readonly retryable = false;

  constructor(crashes: number, options: EdgeErrorOptions = {}) {
    super(`The worker running this action died ${crashes} times before it finished`, {
      ...options,
      context: { crashes, ...options.context },
    });
  }
}
