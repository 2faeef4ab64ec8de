import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../shared/auth/principal.js';
import { principals } from './request-state.js';

/**
 * The caller authenticated by the edge for this request, or `undefined` on a public route.
 *
 * @example
 * ```ts
 * app.get('/v1/whoami', async (request) => ok({ subject: getPrincipal(request)?.subject }));
 * ```
 */
export function getPrincipal(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}
