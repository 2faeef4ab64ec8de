/**
 * `@baltra/sdk/fastify`: the service edge as a Fastify plugin — correlation id and
 * traceparent, request logging and metrics, API-key/JWT authentication, scopes, health
 * routes and the error envelope. `fastify` is an optional peer that this entry never loads.
 *
 * @packageDocumentation
 */
export type { FastifyEdgeOptions } from './baltra-edge.js';
export { baltraEdge } from './baltra-edge.js';
export { getPrincipal } from './get-principal.js';
export { requireScopes } from './require-scopes.js';
