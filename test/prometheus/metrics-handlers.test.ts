import type { AddressInfo } from 'node:net';
import {
  HealthRegistry,
  METRICS,
  type MetricsSource,
  recordMetric,
  resetTelemetry,
  setTelemetry,
} from '@baltra/sdk';
import { createExpressEdge, expressMetricsHandler } from '@baltra/sdk/express';
import { baltraEdge, fastifyMetricsHandler } from '@baltra/sdk/fastify';
import {
  loadPrometheusTelemetry,
  type PrometheusTelemetry,
  startMetricsServer,
} from '@baltra/sdk/prometheus';
import express from 'express';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './support/parse-exposition.js';
import { recordingLogger } from './support/recording-logger.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const failing: MetricsSource = {
  contentType: PROMETHEUS_TEXT,
  metrics: () => Promise.reject(new Error('registry broke')),
};

let telemetry: PrometheusTelemetry;
const closers: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
  recordMetric(telemetry, METRICS.cacheHitsTotal, 3, { cache: 'vacancies' });
});
afterEach(async () => {
  resetTelemetry();
  for (const close of closers.splice(0).reverse()) await close();
});

/** Scrapes `url` and parses the answer. */
async function scrape(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    body: await response.text(),
  };
}

describe('expressMetricsHandler', () => {
  it('serves the registry on GET /metrics of a real Express app behind the edge, with its content type', async () => {
    // Prepare
    setTelemetry(telemetry);
    const app = express();
    const edge = createExpressEdge({
      health: new HealthRegistry(),
      logRequests: false,
      logger: recordingLogger(),
    });
    app.use(edge.before);
    app.get('/metrics', expressMetricsHandler(telemetry));
    app.get('/broken', expressMetricsHandler(failing, { logger: recordingLogger() }));
    app.use(edge.after);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Act
    const scraped = await scrape(`${base}/metrics`);
    const broken = await scrape(`${base}/broken`);

    // Assess
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toBe(PROMETHEUS_TEXT);
    expect(scraped.cacheControl).toBe('no-store');
    expect(
      sampleValue(parseExposition(scraped.body), 'cache_hits_total', { cache: 'vacancies' }),
    ).toBe(3);
    expect(broken.status).toBe(500);
    // The edge records each request on the process-wide telemetry: the scrape itself too.
    const again = parseExposition((await scrape(`${base}/metrics`)).body);
    expect(
      sampleValue(again, 'http_server_requests_total', {
        method: 'GET',
        route: '/metrics',
        status_code: '200',
      }),
    ).toBe(1);
  });
});

describe('fastifyMetricsHandler', () => {
  it('serves the registry on a real Fastify server behind baltraEdge', async () => {
    // Prepare
    const app = Fastify();
    await app.register(baltraEdge, {
      health: new HealthRegistry(),
      logRequests: false,
      logger: recordingLogger(),
    });
    app.get('/metrics', fastifyMetricsHandler(telemetry));
    app.get('/broken', fastifyMetricsHandler(failing));
    await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // Act
    const scraped = await scrape(`${base}/metrics`);
    const broken = await scrape(`${base}/broken`);

    // Assess
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toBe(PROMETHEUS_TEXT);
    expect(
      sampleValue(parseExposition(scraped.body), 'cache_hits_total', { cache: 'vacancies' }),
    ).toBe(3);
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false });
  });
});

describe('startMetricsServer', () => {
  it('serves GET and HEAD on the path, 404 elsewhere, 405 for other methods, and closes', async () => {
    // Prepare
    const server = await startMetricsServer(telemetry, { port: 0, host: '127.0.0.1' });
    closers.push(() => server.close());

    // Act
    const scraped = await scrape(server.url);
    const head = await fetch(server.url, { method: 'HEAD' });
    const elsewhere = await fetch(server.url.replace('/metrics', '/other'));
    const post = await fetch(server.url, { method: 'POST' });

    // Assess
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toBe(PROMETHEUS_TEXT);
    expect(
      sampleValue(parseExposition(scraped.body), 'cache_hits_total', { cache: 'vacancies' }),
    ).toBe(3);
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect(elsewhere.status).toBe(404);
    expect(post.status).toBe(405);
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('takes port, host and path from BALTRA_METRICS_* and serves a plain prom-client Registry', async () => {
    // Prepare
    const registry = new Registry();
    process.env.BALTRA_METRICS_PORT = '0';
    process.env.BALTRA_METRICS_HOST = '127.0.0.1';
    process.env.BALTRA_METRICS_PATH = '/prom';
    try {
      const server = await startMetricsServer(registry);
      closers.push(() => server.close());

      // Act
      const scraped = await scrape(server.url);

      // Assess
      expect(server.host).toBe('127.0.0.1');
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prom$/);
      expect(scraped.status).toBe(200);
    } finally {
      delete process.env.BALTRA_METRICS_PORT;
      delete process.env.BALTRA_METRICS_HOST;
      delete process.env.BALTRA_METRICS_PATH;
    }
  });

  it('answers 500 and logs when the source fails, and refuses a port in use', async () => {
    // Prepare
    const logger = recordingLogger();
    const server = await startMetricsServer(failing, { port: 0, host: '127.0.0.1', logger });
    closers.push(() => server.close());

    // Act
    const scraped = await scrape(server.url);
    const taken = startMetricsServer(telemetry, { port: server.port, host: '127.0.0.1' });

    // Assess
    expect(scraped.status).toBe(500);
    expect(logger.entries).toEqual([
      {
        level: 'error',
        message: 'metrics could not be rendered',
        fields: { error: 'registry broke' },
      },
    ]);
    await expect(taken).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
