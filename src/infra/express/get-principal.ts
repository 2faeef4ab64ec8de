import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../shared/auth/principal.js';
import { principals } from './request-state.js';

/**
 * The caller authenticated by the edge for this request, or `undefined` on a public route.
 *
 * @example
 * ```ts
 * app.get('/v1/whoami', (req, res) => res.json(ok({ subject: getPrincipal(req)?.subject })));
 * ```
 */
export function getPrincipal(req: IncomingMessage): Principal | undefined {
  return principals.get(req);
}
