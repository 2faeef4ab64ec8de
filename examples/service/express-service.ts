import { ok } from '@baltra/sdk';
import { createExpressEdge, getPrincipal, requireScopes } from '@baltra/sdk/express';
import express, { type Express } from 'express';
import { candidateHandlers } from './candidate-handlers.js';
import type { ExampleServiceOptions } from './example-service-options.js';

/**
 * The example service on Express 5: the SDK edge around versioned `/v1` routes.
 *
 * @example
 * ```ts
 * createExpressService(options).listen(8080, '127.0.0.1');
 * ```
 */
export function createExpressService(options: ExampleServiceOptions): Express {
  const handlers = candidateHandlers(options);
  const edge = createExpressEdge(options.edge);
  const app = express();
  app.disable('x-powered-by');
  app.use(edge.before);
  app.use(express.json({ limit: '16kb' }));

  app.get('/v1/whoami', (req, res) => {
    res.json(ok(handlers.whoami(getPrincipal(req))));
  });
  app.get('/v1/candidates/:id', requireScopes('candidates:read'), async (req, res) => {
    res.json(ok(await handlers.getCandidate(req.params.id as string)));
  });
  app.post('/v1/candidates', requireScopes('candidates:write'), async (req, res) => {
    res.status(201).json(ok(await handlers.createCandidate(req.body)));
  });
  app.get('/v1/partner/status', requireScopes('partner:read'), async (_req, res) => {
    res.json(ok(await handlers.partnerStatus()));
  });

  app.use(edge.after);
  return app;
}
