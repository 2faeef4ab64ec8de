import { EdgeError } from '../../shared/http/edge-error.js';

/**
 * The worker was set up wrongly (two handlers for one type, no queue to poll, a handler that
 * asks for repositories without a unit of work). Code `WORKER_MISCONFIGURED`.
 *
 * @example
 * ```ts
 * new ActionHandlerRegistry([handlerA, handlerA]); // throws WorkerConfigurationError
 * ```
 */
export class WorkerConfigurationError extends EdgeError {
  readonly code = 'WORKER_MISCONFIGURED';
  readonly retryable = false;
}
