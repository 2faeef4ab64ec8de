import * as api from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { loadOpenTelemetry, OpenTelemetryAdapter } from '../../src/infra/opentelemetry/index.js';
import { ApiKeyRegistry } from '../../src/shared/auth/api-key-registry.js';
import { generateApiKey } from '../../src/shared/auth/generate-api-key.js';
import { RequestAuthenticator } from '../../src/shared/auth/request-authenticator.js';
import { createServiceClient } from '../../src/shared/http/service-client.js';
import { parseTraceparent } from '../../src/shared/http/trace-context.js';
import { createLogger } from '../../src/shared/logging/create-logger.js';
import { circuitBreakerPolicy } from '../../src/shared/resilience/circuit-breaker-policy.js';
import {
  getTelemetry,
  resetTelemetry,
  setTelemetry,
} from '../../src/shared/telemetry/global-telemetry.js';
import { METRICS } from '../../src/shared/telemetry/metric-catalogue.js';
import { noopTelemetry } from '../../src/shared/telemetry/noop-telemetry.js';
import { recordMetric } from '../../src/shared/telemetry/record-metric.js';
import { recordResilienceEvents } from '../../src/shared/telemetry/record-resilience-events.js';
import { traced } from '../../src/shared/telemetry/traced.js';
import { captureLogs } from '../shared/support/log-capture.js';
import { STACK_FRAME } from './support/leak-checks.js';
import { type OtelHarness, startOtel } from './support/otel-harness.js';
import { FRAMEWORKS, startExampleService } from './support/start-example-service.js';
import { json, startStubServer } from './support/stub-server.js';

let otel: OtelHarness;
let telemetry: OpenTelemetryAdapter;

beforeEach(() => {
  otel = startOtel();
  telemetry = new OpenTelemetryAdapter(api, { instrumentationName: 'edge-test' });
});
afterEach(async () => {
  resetTelemetry();
  await otel.shutdown();
});

const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

describe('the no-op default', () => {
  it('is the process-wide telemetry until another is set', () => {
    // Act
    const before = getTelemetry();
    setTelemetry(telemetry);
    const after = getTelemetry();
    resetTelemetry();

    // Assess
    expect(before).toBe(noopTelemetry);
    expect(after).toBe(telemetry);
    expect(getTelemetry()).toBe(noopTelemetry);
    expect(noopTelemetry.startSpan('x').identity()).toBeUndefined();
  });
});

describe('traced()', () => {
  it('records a span per call, nests inner calls and measures latency in seconds', async () => {
    // Prepare
    const inner = traced('CandidateRepository.find', async (id: string) => ({ id }), { telemetry });
    const outer = traced('FunnelService.buckets', (id: string) => inner(id), {
      telemetry,
      attributes: { tenant_tier: 'enterprise' },
    });

    // Act
    const result = await outer('c-1');
    const metrics = await otel.metrics();

    // Assess
    expect(result).toEqual({ id: 'c-1' });
    const spans = otel.spans();
    const parent = spans.find((span) => span.name === 'FunnelService.buckets');
    const child = spans.find((span) => span.name === 'CandidateRepository.find');
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    const duration = metrics.find((metric) => metric.name === 'operation_duration_seconds');
    expect(duration?.unit).toBe('s');
    expect(duration?.points.map((point) => point.attributes)).toEqual(
      expect.arrayContaining([
        { operation: 'CandidateRepository.find', outcome: 'success' },
        { operation: 'FunnelService.buckets', outcome: 'success', tenant_tier: 'enterprise' },
      ]),
    );
  });

  it('marks a failed call, records the error without stack and rethrows it unchanged', async () => {
    // Prepare
    const error = Object.assign(new Error('lead ana.lopez@example.com rejected'), {
      code: 'LEAD_REJECTED',
    });
    const failing = traced('LeadIngestion.import', async () => Promise.reject(error), {
      telemetry,
    });

    // Act
    const outcome = await failing().catch((caught: unknown) => caught);
    const metrics = await otel.metrics();

    // Assess
    expect(outcome).toBe(error);
    const [span] = otel.spans();
    expect(span?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'LEAD_REJECTED' });
    const exception = span?.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({
      'exception.type': 'LEAD_REJECTED',
      'exception.message': 'lead ***e.com rejected',
    });
    expect(JSON.stringify(span?.events)).not.toMatch(STACK_FRAME);
    expect(exception?.attributes?.['exception.stacktrace']).toBeUndefined();
    const duration = metrics.find((metric) => metric.name === 'operation_duration_seconds');
    expect(duration?.points[0]?.attributes).toEqual({
      operation: 'LeadIngestion.import',
      outcome: 'error',
    });
    expect((duration?.points[0]?.value as Histogram | undefined)?.count).toBe(1);
  });

  it('uses the process-wide telemetry at call time by default', async () => {
    // Prepare
    const work = traced('late-bound', async () => 'ok');
    setTelemetry(telemetry);

    // Act
    await work();

    // Assess
    expect(otel.spans().map((span) => span.name)).toEqual(['late-bound']);
  });
});

describe('OpenTelemetryAdapter metrics', () => {
  it('records catalogue metrics with their units, and circuit state from resilience events', async () => {
    // Prepare
    const breaker = circuitBreakerPolicy({ name: 'crm', consecutiveFailures: 1 });
    breaker.onEvent(recordResilienceEvents(telemetry));

    // Act
    recordMetric(telemetry, METRICS.cacheHitsTotal, 3, { cache: 'vacancies' });
    recordMetric(telemetry, METRICS.cacheMissesTotal, 1, { cache: 'vacancies' });
    recordMetric(telemetry, METRICS.queueMessageConsumedTotal, 1, {
      queue: 'leads',
      outcome: 'success',
    });
    await breaker.execute(async () => Promise.reject(httpError(503))).catch(() => undefined);
    const metrics = await otel.metrics();

    // Assess
    const byName = new Map(metrics.map((metric) => [metric.name, metric]));
    expect(byName.get('cache_hits_total')?.points[0]).toMatchObject({
      value: 3,
      attributes: { cache: 'vacancies' },
    });
    expect(byName.get('cache_misses_total')?.points[0]?.value).toBe(1);
    expect(byName.get('queue_message_consumed_total')?.unit).toBe('1');
    expect(byName.get('circuit_breaker_state')?.points[0]).toMatchObject({
      value: 1,
      attributes: { breaker: 'crm' },
    });
  });

  it('follows the catalogue naming rules: snake_case, _total counters, seconds in _seconds', () => {
    for (const metric of Object.values(METRICS)) {
      expect(metric.name).toMatch(/^[a-z][a-z0-9_]*$/);
      if (metric.kind === 'counter') expect(metric.name).toMatch(/_total$/);
      else expect(metric.name).not.toMatch(/_total$/);
      // Durations, ages and timestamps are in seconds (Prometheus base unit), named for it.
      if (metric.name.endsWith('_seconds')) expect(metric.unit).toBe('s');
      if (metric.unit === 's') expect(metric.name).toMatch(/_seconds$/);
    }
  });
});

describe('loadOpenTelemetry', () => {
  it('imports @opentelemetry/api on demand and uses the global providers', async () => {
    // Prepare
    const loaded = await loadOpenTelemetry({ instrumentationName: 'lazy' });

    // Act
    const span = loaded.startSpan('lazy-span', {
      kind: 'producer',
      attributes: { queue: 'leads' },
    });
    span.end();

    // Assess
    expect(otel.spans()[0]).toMatchObject({ name: 'lazy-span', kind: api.SpanKind.PRODUCER });
    expect(otel.spans()[0]?.attributes).toEqual({ queue: 'leads' });
  });
});

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge with OpenTelemetry`, () => {
    it('continues the inbound trace in the server span and in outgoing calls', async () => {
      // Prepare
      const partner = await startStubServer((_hit, res) =>
        json(res, 200, { ok: true, data: { status: 'up', region: 'mx' } }),
      );
      const key = generateApiKey();
      const logs = captureLogs();
      const service = await startExampleService(framework, {
        store: new InMemoryCandidateStore(),
        partner: createServiceClient({ baseUrl: partner.url, telemetry }),
        edge: {
          telemetry,
          logger: createLogger({ stream: logs.stream }),
          authenticator: new RequestAuthenticator({
            apiKeys: new ApiKeyRegistry([
              { id: key.id, hash: key.hash, subject: 'tester', scopes: ['partner:read'] },
            ]),
          }),
        },
      });
      const inbound = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

      // Act
      const response = await fetch(`${service.baseUrl}/v1/partner/status`, {
        headers: {
          'x-api-key': key.key,
          traceparent: `00-${inbound.traceId}-${inbound.spanId}-01`,
        },
      });
      await response.text();
      await service.close();
      await partner.close();
      const metrics = await otel.metrics();
      const entries = await logs.entries();

      // Assess
      expect(response.status).toBe(200);
      const server = otel.spans().find((span) => span.kind === api.SpanKind.SERVER);
      const client = otel.spans().find((span) => span.kind === api.SpanKind.CLIENT);
      expect(server?.spanContext().traceId).toBe(inbound.traceId);
      expect(server?.parentSpanContext?.spanId).toBe(inbound.spanId);
      expect(server?.attributes).toMatchObject({
        'http.route': '/v1/partner/status',
        'http.response.status_code': 200,
      });
      expect(client?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
      const outgoing = parseTraceparent(partner.hits[0]?.headers.traceparent as string);
      expect(outgoing).toEqual({
        traceId: inbound.traceId,
        spanId: client?.spanContext().spanId,
        traceFlags: 1,
      });
      expect(entries.find((entry) => entry.message === 'http request')).toMatchObject({
        traceId: inbound.traceId,
        spanId: server?.spanContext().spanId,
      });
      const requests = metrics.find((metric) => metric.name === 'http_server_requests_total');
      expect(requests?.points[0]?.attributes).toEqual({
        method: 'GET',
        route: '/v1/partner/status',
        status_code: '200',
      });
      expect(metrics.find((metric) => metric.name === 'external_call_duration_seconds')?.unit).toBe(
        's',
      );
    });
  });
}
