import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ok, type ServiceEdgeOptions } from '@baltra/sdk';
import { createExpressEdge, getPrincipal as expressPrincipal } from '@baltra/sdk/express';
import { baltraEdge, getPrincipal as fastifyPrincipal } from '@baltra/sdk/fastify';
import express from 'express';
import Fastify from 'fastify';
import { type Framework, type RunningService, runningServer } from './start-example-service.js';

/** A minimal service on the edge, wired as the edge's docs say, with routes that fail on purpose. */
export interface EdgeAppOptions {
  readonly edge: ServiceEdgeOptions;
  /** Node's own header-section limit (`http.createServer({ maxHeaderSize })`); Node's default when absent. */
  readonly nodeMaxHeaderSize?: number;
  /** Thrown by `GET /v1/boom`. */
  readonly failure?: () => unknown;
}

/**
 * Routes: `GET /v1/whoami` (the principal's subject), `POST /v1/echo` (the parsed body's size),
 * `GET /v1/boom` (throws `failure()`). Express parses JSON with `edge.limits.maxBodyBytes`;
 * Fastify keeps its defaults (the edge bounds each route's `bodyLimit`).
 */
export async function startEdgeApp(
  framework: Framework,
  options: EdgeAppOptions,
): Promise<RunningService> {
  const failure = options.failure ?? (() => new Error('boom'));
  const http =
    options.nodeMaxHeaderSize === undefined ? {} : { maxHeaderSize: options.nodeMaxHeaderSize };
  if (framework === 'fastify') {
    const app = Fastify({ logger: false, http });
    await app.register(baltraEdge, options.edge);
    app.get('/v1/whoami', async (request) =>
      ok({ subject: fastifyPrincipal(request)?.subject ?? null }),
    );
    app.post('/v1/echo', async (request) => ok({ bytes: JSON.stringify(request.body).length }));
    app.get('/v1/boom', async () => {
      throw failure();
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
  }
  const edge = createExpressEdge(options.edge);
  const app = express();
  app.use(edge.before);
  app.use(express.json({ limit: edge.limits.maxBodyBytes }));
  app.get('/v1/whoami', (req, res) => {
    res.json(ok({ subject: expressPrincipal(req)?.subject ?? null }));
  });
  app.post('/v1/echo', (req, res) => {
    res.json(ok({ bytes: JSON.stringify(req.body).length }));
  });
  app.get('/v1/boom', () => {
    throw failure();
  });
  app.use(edge.after);
  const server = createServer(http, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return runningServer(server);
}
