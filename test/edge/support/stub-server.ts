import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stub received. */
export interface StubHit {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Answers one request; `hit` is its 0-based index. */
export type StubHandler = (
  request: StubHit,
  res: ServerResponse,
  hit: number,
  raw: IncomingMessage,
) => void | Promise<void>;

/** A node:http server on 127.0.0.1 and an OS-assigned port that records what it receives. */
export interface StubServer {
  readonly url: string;
  readonly hits: StubHit[];
  /** Resolves when the server has received `count` requests in all. */
  waitForHits(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Writes a JSON body. */
export function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startStubServer(handler: StubHandler): Promise<StubServer> {
  const hits: StubHit[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit: StubHit = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      hits.push(hit);
      for (const waiter of waiters.filter((w) => hits.length >= w.count)) waiter.resolve();
      void Promise.resolve(handler(hit, res, hits.length - 1, req)).catch(() => {
        res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    waitForHits: (count) =>
      hits.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
