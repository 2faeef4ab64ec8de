import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../shared/auth/principal.js';
import type { ServerRequest } from '../../shared/http/server-request.js';

/** Per-request state of the Express edge, keyed by the request object (no monkey-patching). */
export const serverRequests = new WeakMap<IncomingMessage, ServerRequest>();
/** The authenticated principal of each request. */
export const principals = new WeakMap<IncomingMessage, Principal>();
/** Route labels of requests answered by the edge itself (health). */
export const edgeRoutes = new WeakMap<IncomingMessage, string>();
