import { assertScopes } from '../../shared/auth/assert-scopes.js';
import { AuthenticationError } from '../../shared/auth/authentication-error.js';
import type { EdgeMiddleware } from './node-http-types.js';
import { principals } from './request-state.js';

/**
 * Route middleware that lets the request through only when the authenticated principal holds
 * every scope: otherwise the error handler answers 403 `FORBIDDEN` (or 401 when the route
 * was not authenticated at all).
 *
 * @example
 * ```ts
 * app.post('/v1/candidates', requireScopes('candidates:write'), createCandidate);
 * ```
 */
export function requireScopes(...scopes: readonly string[]): EdgeMiddleware {
  return (req, _res, next) => {
    const principal = principals.get(req);
    if (principal === undefined) {
      next(new AuthenticationError('missing_credentials'));
      return;
    }
    try {
      assertScopes(principal, scopes);
      next();
    } catch (error) {
      next(error);
    }
  };
}
