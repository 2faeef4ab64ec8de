// A loopback HTTP proxy that makes a local emulator (moto_server) answer like a remote service:
// every request waits `delayMs` before it is forwarded, at most `maxConnections` requests are
// upstream at once (the rest queue in arrival order), keep-alive on both sides, and requests
// are counted per action so a benchmark can report calls per message.
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** How {@link startLatencyProxy} forwards. */
export interface LatencyProxyOptions {
  /** Base URL of the upstream server, e.g. `http://127.0.0.1:5000`. */
  readonly upstream: string;
  /** Added before each request is forwarded; default 15 ms. */
  readonly delayMs?: number;
  /** Most requests upstream at once (more wait, first come first served); default unlimited. */
  readonly maxConnections?: number;
}

/** A running {@link startLatencyProxy}. */
export interface LatencyProxy {
  /** Base URL clients use instead of the upstream's. */
  readonly url: string;
  /** Requests forwarded so far, by action (`x-amz-target` suffix, `Action=`, or method + path). */
  counts(): Record<string, number>;
  /** Most requests that were upstream at the same moment so far. */
  peakUpstream(): number;
  /** Zeroes the counts and the peak. */
  reset(): void;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the request (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te']);

/**
 * Starts the proxy on a free loopback port.
 *
 * @example
 * ```ts
 * const proxy = await startLatencyProxy({ upstream: motoUrl, delayMs: 15 });
 * const client = new SQSClient({ endpoint: proxy.url, region: 'us-east-1' });
 * // … run the benchmark …
 * console.log(proxy.counts()); // { ReceiveMessage: 212, DeleteMessageBatch: 200, … }
 * await proxy.close();
 * ```
 */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const delayMs = options.delayMs ?? 15;
  const cap = options.maxConnections ?? Number.POSITIVE_INFINITY;
  if (!(cap >= 1)) throw new RangeError(`maxConnections must be at least 1, got ${cap}`);
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true });
  let counts: Record<string, number> = {};
  let upstreamNow = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<void> => {
    if (upstreamNow >= cap) await new Promise<void>((resolve) => waiting.push(resolve));
    upstreamNow += 1;
    peak = Math.max(peak, upstreamNow);
  };
  const releaseSlot = (): void => {
    upstreamNow -= 1;
    waiting.shift()?.();
  };

  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const action = actionOf(incoming, body);
    counts[action] = (counts[action] ?? 0) + 1;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    await acquire();
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      releaseSlot();
    };
    const upstreamRequest = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: endToEnd(incoming.headers),
        agent,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, endToEnd(response.headers));
        response.pipe(outgoing);
        response.on('end', done);
        response.on('error', done);
      },
    );
    upstreamRequest.on('error', (error) => {
      done();
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`latency proxy: upstream failed: ${error.message}`);
    });
    // The client went away (an aborted long poll): stop waiting for the upstream's answer.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstreamRequest.destroy();
      done();
    });
    upstreamRequest.end(body);
  };

  const server = createServer({ keepAlive: true }, (incoming, outgoing) => {
    forward(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    peakUpstream: () => peak,
    reset() {
      counts = {};
      peak = upstreamNow;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function actionOf(incoming: IncomingMessage, body: Buffer): string {
  const target = incoming.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const query = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('latin1'));
  if (query?.[1] !== undefined) return query[1];
  return `${incoming.method ?? 'GET'} ${new URL(incoming.url ?? '/', 'http://x').pathname}`;
}
