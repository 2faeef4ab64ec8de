import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestKeys } from './test-keys.js';

/** A running {@link startHugeJwksServer}. */
export interface HugeJwksServer {
  readonly url: string;
  /** Bytes written to sockets that had not been closed by the client yet. */
  sentBytes(): number;
  close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 answering every request with the valid JWKS of `keys`, padded to
 * `totalBytes` and written in 64 KiB chunks with backpressure (chunked unless `declareLength`).
 */
export async function startHugeJwksServer(
  keys: TestKeys,
  totalBytes: number,
  declareLength: boolean,
): Promise<HugeJwksServer> {
  let sent = 0;
  const head = Buffer.from(`${JSON.stringify(keys.jwks).slice(0, -1)},"padding":"`);
  const tail = Buffer.from('"}');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declareLength ? { 'content-length': String(totalBytes) } : {}),
    });
    let remaining = totalBytes - head.length - tail.length;
    const write = (buffer: Buffer) => {
      sent += buffer.length;
      return res.write(buffer);
    };
    write(head);
    const pump = () => {
      while (remaining > 0 && !res.destroyed) {
        const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
        remaining -= piece.length;
        if (!write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    sentBytes: () => sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
