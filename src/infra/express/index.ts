/**
 * `@baltra/sdk/express`: the service edge for Express — correlation id and traceparent,
 * request logging and metrics, API-key/JWT authentication, scopes, health routes and the
 * error envelope. Works on the `(req, res, next)` shape; `express` is an optional peer that
 * this entry never loads.
 *
 * @packageDocumentation
 */
export type { ExpressEdge } from './create-express-edge.js';
export { createExpressEdge } from './create-express-edge.js';
export { getPrincipal } from './get-principal.js';
export type {
  EdgeErrorMiddleware,
  EdgeMiddleware,
  EdgeNext,
  EdgeRequest,
} from './node-http-types.js';
export { requireScopes } from './require-scopes.js';
export { sendJson } from './send-json.js';
