import { ok } from '@baltra/sdk';
import { baltraEdge, getPrincipal, requireScopes } from '@baltra/sdk/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { candidateHandlers } from './candidate-handlers.js';
import type { ExampleServiceOptions } from './example-service-options.js';

/**
 * The example service on Fastify 5: the SDK edge plugin around versioned `/v1` routes.
 *
 * @example
 * ```ts
 * const app = await createFastifyService(options);
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * ```
 */
export async function createFastifyService(
  options: ExampleServiceOptions,
): Promise<FastifyInstance> {
  const handlers = candidateHandlers(options);
  // Fastify's own logger stays off: the edge logs through the SDK logger (no PII, no tokens).
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  await app.register(baltraEdge, options.edge);

  app.get('/v1/whoami', async (request) => ok(handlers.whoami(getPrincipal(request))));
  app.get<{ Params: { id: string } }>(
    '/v1/candidates/:id',
    { preHandler: requireScopes('candidates:read') },
    async (request) => ok(await handlers.getCandidate(request.params.id)),
  );
  app.post(
    '/v1/candidates',
    { preHandler: requireScopes('candidates:write') },
    async (request, reply) => {
      const candidate = await handlers.createCandidate(request.body);
      return reply.code(201).send(ok(candidate));
    },
  );
  app.get('/v1/partner/status', { preHandler: requireScopes('partner:read') }, async () =>
    ok(await handlers.partnerStatus()),
  );
  return app;
}
