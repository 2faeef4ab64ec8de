import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ExampleServiceOptions } from '../../../examples/service/example-service-options.js';
import { createExpressService } from '../../../examples/service/express-service.js';
import { createFastifyService } from '../../../examples/service/fastify-service.js';

export const FRAMEWORKS = ['express', 'fastify'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** The example service listening on 127.0.0.1 and an OS-assigned port. */
export interface RunningService {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startExampleService(
  framework: Framework,
  options: ExampleServiceOptions,
): Promise<RunningService> {
  if (framework === 'fastify') {
    const app: FastifyInstance = await createFastifyService(options);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
  }
  const app = createExpressService(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  return runningServer(server);
}

/** A listening node:http server as a {@link RunningService}: close() drops open connections. */
export function runningServer(server: Server): RunningService {
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
