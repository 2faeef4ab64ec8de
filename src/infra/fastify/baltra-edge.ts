import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { edgeGuardPolicy, guardEdgeRequest } from '../../shared/http/edge-request-guard.js';
import { PayloadTooLargeError } from '../../shared/http/payload-too-large-error.js';
import { RouteNotFoundError } from '../../shared/http/route-not-found-error.js';
import { ServerRequest, type ServerRequestOptions } from '../../shared/http/server-request.js';
import type { ServiceEdgeOptions } from '../../shared/http/service-edge-options.js';
import { principals, serverRequests } from './request-state.js';

/** Options of {@link baltraEdge}. */
export type FastifyEdgeOptions = ServiceEdgeOptions;

/**
 * The service edge as a Fastify 5 plugin (registered without encapsulation, like
 * `fastify-plugin`, so its hooks cover the routes declared after it; this module imports
 * only Fastify's types). It adopts or creates `x-correlation-id` (echoed on the response)
 * and continues the caller's `traceparent`, runs each request in an execution context
 * carrying them, logs one line and records metrics per request; rejects, before anything
 * else reads the request, a header section over `maxHeaderBytes` (default 16 KiB: 431
 * `HEADERS_TOO_LARGE`), a repeated `Authorization` or API-key header (counted in the raw
 * request's `rawHeaders`: 400 `DUPLICATE_HEADER`) and a declared `Content-Length` over
 * `maxBodyBytes` (default 1 MiB: 413 `PAYLOAD_TOO_LARGE`), and gives every route declared
 * after it a `bodyLimit` no larger than `maxBodyBytes` (streamed bodies); serves
 * `/health/live` (no dependency touched) and `/health/ready` (503 when a critical check is
 * down); authenticates every other request (API key or Bearer JWT) unless its path is
 * public; and answers every error and unknown route with the
 * `{ ok: false, error: { code, message } }` envelope — no stack, no cause, a generic message
 * for anything unexpected. Rejects options out of their bounds with `EdgeOptionsError`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { baltraEdge, requireScopes } from '@baltra/sdk/fastify';
 *
 * const app = Fastify();
 * await app.register(baltraEdge, { authenticator, health, logger });
 * app.get('/v1/candidates/:id', { preHandler: requireScopes('candidates:read') }, async (request) =>
 *   ok(await candidates.get((request.params as { id: string }).id)),
 * );
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * ```
 */
export async function baltraEdge(
  app: FastifyInstance,
  options: FastifyEdgeOptions = {},
): Promise<void> {
  const livePath = options.livePath ?? '/health/live';
  const readyPath = options.readyPath ?? '/health/ready';
  const publicPaths = new Set([livePath, readyPath, ...(options.publicPaths ?? [])]);
  const guardPolicy = edgeGuardPolicy(options);
  const { limits } = guardPolicy;
  const trackerOptions: ServerRequestOptions = {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    ...(options.statusByCode === undefined ? {} : { statusByCode: options.statusByCode }),
    ...(options.logRequests === undefined ? {} : { logRequests: options.logRequests }),
  };
  const tracker = (request: FastifyRequest): ServerRequest => {
    let tracked = serverRequests.get(request);
    if (tracked === undefined) {
      tracked = ServerRequest.start(
        { method: request.method, url: request.url, headers: request.headers },
        trackerOptions,
      );
      serverRequests.set(request, tracked);
    }
    return tracked;
  };

  app.addHook('onRequest', (request, reply, done) => {
    const tracked = tracker(request);
    reply.headers(tracked.responseHeaders);
    // Continuing the lifecycle inside the context makes every later hook and the handler see it.
    tracked.run(() => done());
  });

  app.addHook('onRequest', (request, _reply, done) => {
    try {
      guardEdgeRequest(
        { rawHeaders: request.raw.rawHeaders, headers: request.headers },
        guardPolicy,
      );
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });

  // A route's own (or the server's) bodyLimit may be stricter than the edge's, never looser.
  const serverBodyLimit = app.initialConfig.bodyLimit ?? limits.maxBodyBytes;
  app.addHook('onRoute', (route) => {
    route.bodyLimit = Math.min(route.bodyLimit ?? serverBodyLimit, limits.maxBodyBytes);
  });

  app.addHook('onRequest', async (request) => {
    const { authenticator } = options;
    if (authenticator === undefined || publicPaths.has(tracker(request).path)) return;
    const principal = await authenticator.authenticate(request.headers, request.raw.rawHeaders);
    principals.set(request, principal);
    tracker(request).authenticated(principal);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    tracker(request).finish({
      status: reply.statusCode,
      ...(route === undefined ? {} : { route }),
    });
    done();
  });

  app.addHook('onRequestAbort', (request, done) => {
    const route = request.routeOptions.url;
    // 499: the client closed the connection before the answer (nginx's convention).
    tracker(request).finish({ status: 499, ...(route === undefined ? {} : { route }) });
    done();
  });

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = tracker(request).fail(
      PayloadTooLargeError.adopt(error, request.routeOptions.bodyLimit ?? limits.maxBodyBytes),
    );
    if (status === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.code(status).header('cache-control', 'no-store').send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = tracker(request).fail(new RouteNotFoundError(request.method));
    return reply.code(status).send(body);
  });

  const { health } = options;
  if (health !== undefined) {
    app.get(livePath, async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return health.live();
    });
    app.get(readyPath, async (_request, reply) => {
      const report = await health.ready();
      void reply.header('cache-control', 'no-store').code(report.status === 'down' ? 503 : 200);
      return report;
    });
  }
}

// What `fastify-plugin` would set: no encapsulation, and a readable name in errors.
Object.defineProperties(baltraEdge, {
  [Symbol.for('skip-override')]: { value: true },
  [Symbol.for('fastify.display-name')]: { value: 'baltra-edge' },
});
