import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../shared/auth/principal.js';
import type { ServerRequest } from '../../shared/http/server-request.js';

/** Per-request state of the Fastify edge, keyed by the request (no decorators needed). */
export const serverRequests = new WeakMap<FastifyRequest, ServerRequest>();
/** The authenticated principal of each request. */
export const principals = new WeakMap<FastifyRequest, Principal>();
