import type { ServerResponse } from 'node:http';
import type { EdgeLimits } from '../../shared/http/edge-limits.js';
import { edgeGuardPolicy, guardEdgeRequest } from '../../shared/http/edge-request-guard.js';
import { PayloadTooLargeError } from '../../shared/http/payload-too-large-error.js';
import { RouteNotFoundError } from '../../shared/http/route-not-found-error.js';
import { ServerRequest } from '../../shared/http/server-request.js';
import type { ServiceEdgeOptions } from '../../shared/http/service-edge-options.js';
import type {
  EdgeErrorMiddleware,
  EdgeMiddleware,
  EdgeNext,
  EdgeRequest,
} from './node-http-types.js';
import { requestPath, routeTemplate } from './request-path.js';
import { edgeRoutes, principals, serverRequests } from './request-state.js';
import { sendJson } from './send-json.js';

/** The middleware of the Express edge, to mount before and after the routes. */
export interface ExpressEdge {
  /** Correlation and request logging, health routes, authentication — mount first. */
  readonly before: EdgeMiddleware[];
  /** The 404 envelope and the error → envelope handler — mount last. */
  readonly after: [EdgeMiddleware, EdgeErrorMiddleware];
  /** The size limits in force: give `maxBodyBytes` to the body parser too. */
  readonly limits: EdgeLimits;
}

/**
 * The service edge for Express (4 or 5), built on the `(req, res, next)` shape only — this
 * module never imports `express`. `before`: adopts or creates `x-correlation-id` (echoed on
 * the response) and continues the caller's `traceparent`, runs the rest of the request in an
 * execution context carrying them (so every log line and outgoing client call has them),
 * logs one line and records metrics per request; rejects, before anything else reads the
 * request, a header section over `maxHeaderBytes` (default 16 KiB: 431 `HEADERS_TOO_LARGE`),
 * a repeated `Authorization` or API-key header (counted in `req.rawHeaders`: 400
 * `DUPLICATE_HEADER`) and a declared `Content-Length` over `maxBodyBytes` (default 1 MiB: 413
 * `PAYLOAD_TOO_LARGE`); answers `/health/live` (never touches a dependency) and
 * `/health/ready` (the registry's checks; 503 when a critical one is down); authenticates
 * every other request (API key or Bearer JWT) unless its path is public. `after`: unknown
 * routes answer a 404 envelope; every error becomes `{ ok: false, error: { code, message } }`
 * with its status — no stack, no cause, and a generic message for anything unexpected; the
 * body parser's "too large" error becomes `PAYLOAD_TOO_LARGE`. Give the body parser
 * `edge.limits.maxBodyBytes` so streamed (chunked) bodies are bounded too. Throws
 * `EdgeOptionsError` when a limit is out of its bounds.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createExpressEdge, requireScopes } from '@baltra/sdk/express';
 *
 * const edge = createExpressEdge({ authenticator, health, logger });
 * const app = express();
 * app.use(edge.before);
 * app.use(express.json({ limit: edge.limits.maxBodyBytes }));
 * app.get('/v1/candidates/:id', requireScopes('candidates:read'), async (req, res) => {
 *   res.json(ok(await candidates.get(req.params.id)));
 * });
 * app.use(edge.after);
 * ```
 */
export function createExpressEdge(options: ServiceEdgeOptions = {}): ExpressEdge {
  const livePath = options.livePath ?? '/health/live';
  const readyPath = options.readyPath ?? '/health/ready';
  const publicPaths = new Set([livePath, readyPath, ...(options.publicPaths ?? [])]);
  const guardPolicy = edgeGuardPolicy(options);
  const { limits } = guardPolicy;
  const trackerOptions = {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    ...(options.statusByCode === undefined ? {} : { statusByCode: options.statusByCode }),
    ...(options.logRequests === undefined ? {} : { logRequests: options.logRequests }),
  };
  const tracker = (req: EdgeRequest): ServerRequest => {
    let request = serverRequests.get(req);
    if (request === undefined) {
      request = ServerRequest.start(
        {
          method: req.method ?? 'GET',
          url: req.originalUrl ?? req.url ?? '/',
          headers: req.headers,
        },
        trackerOptions,
      );
      serverRequests.set(req, request);
    }
    return request;
  };

  const context: EdgeMiddleware = (req, res, next) => {
    const request = tracker(req);
    for (const [name, value] of Object.entries(request.responseHeaders)) res.setHeader(name, value);
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const route = edgeRoutes.get(req) ?? routeTemplate(req);
      request.finish({ status, ...(route === undefined ? {} : { route }) });
    });
    request.run(() => next());
  };

  const guard: EdgeMiddleware = (req, _res, next) => {
    try {
      guardEdgeRequest(req, guardPolicy);
    } catch (error) {
      next(error);
      return;
    }
    next();
  };

  const health: EdgeMiddleware = (req, res, next) => {
    const registry = options.health;
    const path = requestPath(req);
    if (registry === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (path === livePath) {
      edgeRoutes.set(req, livePath);
      return sendJson(res, 200, registry.live());
    }
    if (path !== readyPath) return next();
    edgeRoutes.set(req, readyPath);
    registry
      .ready()
      .then((report) => sendJson(res, report.status === 'down' ? 503 : 200, report), next);
  };

  const authenticate: EdgeMiddleware = (req, _res, next) => {
    const { authenticator } = options;
    if (authenticator === undefined || publicPaths.has(requestPath(req))) return next();
    authenticator.authenticate(req.headers, req.rawHeaders).then((principal) => {
      principals.set(req, principal);
      tracker(req).authenticated(principal);
      next();
    }, next);
  };

  const notFound: EdgeMiddleware = (req, _res, next) => {
    next(new RouteNotFoundError(req.method));
  };

  const errorHandler: EdgeErrorMiddleware = (
    error: unknown,
    req: EdgeRequest,
    res: ServerResponse,
    next: EdgeNext,
  ) => {
    if (res.headersSent) {
      // Too late for an envelope: let the framework close the connection.
      next(error);
      return;
    }
    const { status, body } = tracker(req).fail(
      PayloadTooLargeError.adopt(error, limits.maxBodyBytes),
    );
    if (status === 401) res.setHeader('www-authenticate', 'Bearer');
    sendJson(res, status, body);
  };

  return {
    before: [context, guard, health, authenticate],
    after: [notFound, errorHandler],
    limits,
  };
}
