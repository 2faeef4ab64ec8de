import type { FastifyRequest } from 'fastify';
import { assertScopes } from '../../shared/auth/assert-scopes.js';
import { AuthenticationError } from '../../shared/auth/authentication-error.js';
import { principals } from './request-state.js';

/**
 * A `preHandler` hook that lets the request through only when the authenticated principal
 * holds every scope: otherwise the edge answers 403 `FORBIDDEN` (401 on an unauthenticated
 * route).
 *
 * @example
 * ```ts
 * app.post('/v1/candidates', { preHandler: requireScopes('candidates:write') }, createCandidate);
 * ```
 */
export function requireScopes(
  ...scopes: readonly string[]
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const principal = principals.get(request);
    if (principal === undefined) throw new AuthenticationError('missing_credentials');
    assertScopes(principal, scopes);
  };
}
