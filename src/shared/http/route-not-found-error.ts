import { EdgeError } from './edge-error.js';

/**
 * No route matches the request. Code `NOT_FOUND` (HTTP 404). The message never echoes the
 * requested path.
 *
 * @example
 * ```ts
 * app.use((req, res, next) => next(new RouteNotFoundError(req.method)));
 * ```
 */
export class RouteNotFoundError extends EdgeError {
  readonly code = 'NOT_FOUND';
  readonly retryable = false;

  constructor(method = 'GET') {
    super('No such route', { context: { method } });
  }
}
