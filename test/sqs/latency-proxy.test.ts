import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LatencyProxy, startLatencyProxy } from '../../bench/support/latency-proxy.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('latency proxy (bench/support)', () => {
  let upstream: Server;
  let upstreamUrl: string;
  const seen: Seen[] = [];
  let now = 0;
  let peak = 0;
  /** Requests the upstream holds until the test lets them go. */
  const held: (() => void)[] = [];
  let hold = false;
  let proxy: LatencyProxy | undefined;

  beforeAll(async () => {
    upstream = createServer(async (request, response) => {
      now += 1;
      peak = Math.max(peak, now);
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      if (hold) await new Promise<void>((resolve) => held.push(resolve));
      now -= 1;
      response.writeHead(201, { 'x-upstream': 'yes', 'content-type': 'application/json' });
      response.end(JSON.stringify({ echo: body }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    seen.length = 0;
    peak = 0;
    hold = false;
  });

  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('forwards method, path, headers and body unchanged, and the answer back', async () => {
    proxy = await startLatencyProxy({ upstream: upstreamUrl, delayMs: 1 });
    const body = JSON.stringify({ QueueUrl: 'http://x/q', MaxNumberOfMessages: 10, note: 'ünï' });
    const response = await fetch(`${proxy.url}/123/queue?x=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ReceiveMessage',
        authorization: 'AWS4-HMAC-SHA256 Credential=test',
      },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({ echo: body });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/123/queue?x=1');
    expect(request?.body).toBe(body);
    expect(request?.headers['x-amz-target']).toBe('AmazonSQS.ReceiveMessage');
    expect(request?.headers.authorization).toBe('AWS4-HMAC-SHA256 Credential=test');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(request?.headers.host).toBe(new URL(proxy.url).host);
  });

  it('counts requests per action (JSON target, query Action, or method and path)', async () => {
    proxy = await startLatencyProxy({ upstream: upstreamUrl, delayMs: 0 });
    const target = (action: string) =>
      fetch(proxy?.url ?? '', {
        method: 'POST',
        headers: { 'x-amz-target': `AmazonSQS.${action}` },
        body: '{}',
      }).then((response) => response.text());
    await Promise.all([
      target('ReceiveMessage'),
      target('ReceiveMessage'),
      target('DeleteMessageBatch'),
    ]);
    await fetch(proxy.url, { method: 'POST', body: 'Action=SendMessageBatch&Version=2012-11-05' });
    await fetch(`${proxy.url}/moto-api/`).then((response) => response.text());
    expect(proxy.counts()).toEqual({
      ReceiveMessage: 2,
      DeleteMessageBatch: 1,
      SendMessageBatch: 1,
      'GET /moto-api/': 1,
    });
    proxy.reset();
    expect(proxy.counts()).toEqual({});
  });

  it('with maxConnections 1 the upstream never sees two requests at once, and all complete', async () => {
    proxy = await startLatencyProxy({ upstream: upstreamUrl, delayMs: 0, maxConnections: 1 });
    hold = true;
    const url = proxy.url;
    const answers = Array.from({ length: 5 }, (_, index) =>
      fetch(`${url}/${index}`, { method: 'POST', body: String(index) }).then((response) =>
        response.json(),
      ),
    );
    // Let each held request go only once it reached the upstream: a second one arriving
    // while the first is held would raise the upstream's peak to 2.
    for (let released = 0; released < 5; released += 1) {
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(held).toHaveLength(1);
      held.shift()?.();
    }
    expect(await Promise.all(answers)).toEqual(
      ['0', '1', '2', '3', '4'].map((body) => ({ echo: body })),
    );
    expect(peak).toBe(1);
    expect(proxy.peakUpstream()).toBe(1);
    expect(seen.map((request) => request.body).sort()).toEqual(['0', '1', '2', '3', '4']);
  });

  it('without a cap forwards concurrent requests concurrently', async () => {
    proxy = await startLatencyProxy({ upstream: upstreamUrl, delayMs: 0 });
    hold = true;
    const url = proxy.url;
    const answers = Array.from({ length: 3 }, (_, index) =>
      fetch(`${url}/${index}`, { method: 'POST', body: String(index) }).then((response) =>
        response.text(),
      ),
    );
    while (held.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const release of held.splice(0)) release();
    await Promise.all(answers);
    expect(peak).toBe(3);
    expect(proxy.peakUpstream()).toBe(3);
  });

  it('refuses a cap below 1', async () => {
    await expect(startLatencyProxy({ upstream: upstreamUrl, maxConnections: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
