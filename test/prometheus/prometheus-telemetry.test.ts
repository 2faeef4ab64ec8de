import { METRICS, noopTelemetry, recordMetric, type Telemetry } from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import {
  loadPrometheusTelemetry,
  OTHER_LABEL_VALUE,
  PrometheusTelemetry,
  prometheusLabelName,
  prometheusMetricName,
  prometheusSeriesNames,
} from '@baltra/sdk/prometheus';
import * as api from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as promClient from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition, samplesOf, sampleValue } from './support/parse-exposition.js';
import { recordingLogger } from './support/recording-logger.js';

const quiet = { defaultMetrics: false } as const;

async function scrape(telemetry: PrometheusTelemetry) {
  return parseExposition(await telemetry.metrics());
}

describe('PrometheusTelemetry on a real prom-client registry', () => {
  it('exposes catalogue counters under their exact names (no second _total), with type and help', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);

    // Act
    recordMetric(telemetry, METRICS.queueMessageConsumedTotal, 1, {
      queue: 'leads',
      outcome: 'success',
      tier: 'free',
    });
    recordMetric(telemetry, METRICS.queueMessageConsumedTotal, 2, {
      queue: 'leads',
      outcome: 'success',
      tier: 'free',
    });
    const exposition = await scrape(telemetry);

    // Assess
    expect(exposition.types.get('queue_message_consumed_total')).toBe('counter');
    expect(exposition.help.get('queue_message_consumed_total')).toBe(
      METRICS.queueMessageConsumedTotal.description,
    );
    expect(
      sampleValue(exposition, 'queue_message_consumed_total', {
        queue: 'leads',
        outcome: 'success',
        tier: 'free',
      }),
    ).toBe(3);
    expect(exposition.samples.some((s) => s.name.endsWith('_total_total'))).toBe(false);
    expect(telemetry.contentType).toBe(promClient.Registry.PROMETHEUS_CONTENT_TYPE);
  });

  it('records histograms in seconds on buckets from 5 ms to 300 s, and gauges as set', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);
    const labels = { queue: 'leads', outcome: 'succeeded', tier: 'enterprise' };

    // Act
    recordMetric(telemetry, METRICS.queueMessageProcessingDurationSeconds, 0.042, labels);
    recordMetric(telemetry, METRICS.queueMessageProcessingDurationSeconds, 200, labels);
    recordMetric(telemetry, METRICS.circuitBreakerState, 1, { breaker: 'meta' });
    recordMetric(telemetry, METRICS.circuitBreakerState, 0, { breaker: 'meta' });
    const exposition = await scrape(telemetry);

    // Assess
    const name = 'queue_message_processing_duration_seconds';
    expect(exposition.types.get(name)).toBe('histogram');
    const buckets = samplesOf(exposition, `${name}_bucket`, labels);
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '30',
      '60',
      '120',
      '300',
      '+Inf',
    ]);
    expect(buckets.find((s) => s.labels.le === '0.05')?.value).toBe(1);
    expect(buckets.find((s) => s.labels.le === '300')?.value).toBe(2);
    expect(sampleValue(exposition, `${name}_count`, labels)).toBe(2);
    expect(sampleValue(exposition, `${name}_sum`, labels)).toBeCloseTo(200.042);
    expect(exposition.types.get('circuit_breaker_state')).toBe('gauge');
    expect(sampleValue(exposition, 'circuit_breaker_state', { breaker: 'meta' })).toBe(0);
  });

  it('keeps only declared attributes and tier on catalogue metrics: ids never become labels', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);

    // Act
    for (let n = 0; n < 20; n += 1) {
      recordMetric(telemetry, METRICS.queueMessageFailedTotal, 1, {
        queue: 'leads',
        error: 'TIMEOUT',
        tier: 'advance',
        action_id: `action-${n}`,
        tenant_id: `tenant-${n}`,
        message_id: `m-${n}`,
      });
    }
    const exposition = await scrape(telemetry);

    // Assess
    const samples = samplesOf(exposition, 'queue_message_failed_total');
    expect(samples).toEqual([
      {
        name: 'queue_message_failed_total',
        labels: { queue: 'leads', error: 'TIMEOUT', tier: 'advance' },
        value: 20,
      },
    ]);
  });

  it('labels tenants only when enabled, and past maxValues distinct tenants says other', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry({
      ...quiet,
      tenantLabels: { enabled: true, maxValues: 2 },
    });

    // Act
    for (const tenant of ['acme', 'globex', 'initech', 'umbrella', 'acme']) {
      recordMetric(telemetry, METRICS.queueMessageConsumedTotal, 1, {
        queue: 'leads',
        outcome: 'success',
        tier: 'free',
        tenant_id: tenant,
      });
    }
    // The cap is one set of tenants over the whole exporter, not per metric.
    recordMetric(telemetry, METRICS.rateLimitRejectionsTotal, 1, {
      tier: 'free',
      window: 'minute',
      tenant: 'hooli',
    });
    const exposition = await scrape(telemetry);

    // Assess
    const consumed = samplesOf(exposition, 'queue_message_consumed_total');
    expect(Object.fromEntries(consumed.map((s) => [s.labels.tenant, s.value]))).toEqual({
      acme: 2,
      globex: 1,
      [OTHER_LABEL_VALUE]: 2,
    });
    expect(samplesOf(exposition, 'rate_limit_rejections_total')[0]?.labels).toEqual({
      tier: 'free',
      window: 'minute',
      tenant: 'other',
    });
  });

  it('drops tenant ids by default and always keeps the tier', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry({
      ...quiet,
      tenantLabels: { enabled: false },
    });

    // Act
    recordMetric(telemetry, METRICS.httpServerRequestsTotal, 1, {
      method: 'GET',
      route: '/v1/candidates/:id',
      status_code: 200,
      tier: 'professional',
      tenant: 'acme',
    });
    const exposition = await scrape(telemetry);

    // Assess
    expect(samplesOf(exposition, 'http_server_requests_total')[0]?.labels).toEqual({
      method: 'GET',
      route: '/v1/candidates/:id',
      status_code: '200',
      tier: 'professional',
    });
  });

  it('caps every other label per metric too, so an unbounded value cannot explode the series', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry({ ...quiet, maxValuesPerLabel: 3 });

    // Act
    for (let n = 0; n < 10; n += 1) {
      recordMetric(telemetry, METRICS.cacheHitsTotal, 1, { cache: `cache-${n}` });
    }
    const exposition = await scrape(telemetry);

    // Assess
    const hits = samplesOf(exposition, 'cache_hits_total');
    expect(hits.map((s) => s.labels.cache).sort()).toEqual([
      'cache-0',
      'cache-1',
      'cache-2',
      'other',
    ]);
    expect(sampleValue(exposition, 'cache_hits_total', { cache: 'other' })).toBe(7);
  });

  it('names other metrics the Prometheus way: invalid characters replaced, labels from the first record less ids and personal data', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);

    // Act
    telemetry.counter('jobs.done-count').add(2, {
      'job.kind': 'import',
      order_id: '1',
      candidateId: 'c-1',
      email: 'ana.lopez@example.com',
      le: 'x',
      '9lives': 'y',
    });
    telemetry.counter('jobs.done-count').add(1, { 'job.kind': 'import', extra: 'ignored' });
    telemetry.histogram('payload.bytes', { description: 'Payload sizes' }).record(0.3);
    const exposition = await scrape(telemetry);

    // Assess
    expect(exposition.types.get('jobs_done_count')).toBe('counter');
    expect(samplesOf(exposition, 'jobs_done_count')).toEqual([
      { name: 'jobs_done_count', labels: { job_kind: 'import', le_: 'x', _9lives: 'y' }, value: 2 },
      { name: 'jobs_done_count', labels: { job_kind: 'import' }, value: 1 },
    ]);
    expect(exposition.help.get('payload_bytes')).toBe('Payload sizes');
    expect(prometheusMetricName('http.server.duration')).toBe('http_server_duration');
    expect(prometheusLabelName('__name__')).toBe('_name__');
    expect(prometheusLabelName('quantile')).toBe('quantile_');
  });

  it('masks personal data in label values', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);

    // Act
    recordMetric(telemetry, METRICS.externalCallErrorsTotal, 1, {
      target: 'partner',
      method: 'POST',
      error: 'refused for ana.lopez@example.com',
    });
    const exposition = await scrape(telemetry);

    // Assess
    const [sample] = samplesOf(exposition, 'external_call_errors_total');
    expect(sample?.labels.error).not.toContain('ana.lopez');
  });

  it('registers the labelled catalogue up front, so a scrape lists it before anything happened', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry(quiet);

    // Act
    const names = prometheusSeriesNames(telemetry.registry);

    // Assess
    for (const metric of Object.values(METRICS).filter((m) => m.attributes.length > 0)) {
      if (metric.kind === 'histogram') expect(names).toContain(`${metric.name}_bucket`);
      else expect(names).toContain(metric.name);
    }
    // Label-less gauges appear only when something records them (no invented 0).
    expect(names).not.toContain('outbox_pending_entries');
  });

  it('adds the Node process metrics by default, once per registry', async () => {
    // Prepare
    const registry = new promClient.Registry();

    // Act
    await loadPrometheusTelemetry({ registry });
    await loadPrometheusTelemetry({ registry, registerCatalogue: false });
    const names = prometheusSeriesNames(registry);

    // Assess
    expect(names).toContain('process_cpu_user_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
  });

  it('logs and skips a metric recorded as another kind than the catalogue says, or taken in a shared registry', async () => {
    // Prepare
    const registry = new promClient.Registry();
    new promClient.Gauge({ name: 'jobs_running', help: 'theirs', registers: [registry] });
    const logger = recordingLogger();
    const telemetry = new PrometheusTelemetry(promClient, { registry, logger, ...quiet });

    // Act
    telemetry.gauge(METRICS.cacheHitsTotal.name).record(5, { cache: 'x' });
    telemetry.gauge(METRICS.cacheHitsTotal.name).record(6, { cache: 'x' });
    telemetry.counter('jobs_running').add(1);
    const exposition = parseExposition(await registry.metrics());

    // Assess
    expect(samplesOf(exposition, 'cache_hits_total')).toEqual([]);
    expect(exposition.help.get('jobs_running')).toBe('theirs');
    expect(logger.entries.map((e) => e.message)).toEqual([
      'metric recorded as another kind: not exported',
      'metric could not be registered: not exported',
    ]);
  });

  it('hands spans to the tracing telemetry (the OpenTelemetry adapter), and to none by default', async () => {
    // Prepare
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracing: Telemetry = new OpenTelemetryAdapter(api, { tracer: provider.getTracer('t') });
    const telemetry = await loadPrometheusTelemetry({ ...quiet, tracing });
    const alone = await loadPrometheusTelemetry(quiet);

    // Act
    const span = telemetry.startSpan('import leads', { kind: 'internal' });
    const inside = telemetry.withSpan(span, () => 42);
    span.end();

    // Assess
    expect(inside).toBe(42);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['import leads']);
    expect(alone.startSpan('x').identity()).toBeUndefined();
    expect(alone.startSpan('x')).toBe(noopTelemetry.startSpan('x'));
  });

  it('reads tenant labels from BALTRA_METRICS_TENANT_LABELS when not given', async () => {
    // Prepare
    process.env.BALTRA_METRICS_TENANT_LABELS = 'true';
    process.env.BALTRA_METRICS_TENANT_LABELS_MAX_VALUES = '1';
    try {
      const telemetry = await loadPrometheusTelemetry(quiet);

      // Act
      for (const tenant of ['acme', 'globex']) {
        recordMetric(telemetry, METRICS.cacheMissesTotal, 1, { cache: 'c', tenant });
      }
      const exposition = await scrape(telemetry);

      // Assess
      expect(samplesOf(exposition, 'cache_misses_total').map((s) => s.labels.tenant)).toEqual([
        'acme',
        'other',
      ]);
    } finally {
      delete process.env.BALTRA_METRICS_TENANT_LABELS;
      delete process.env.BALTRA_METRICS_TENANT_LABELS_MAX_VALUES;
    }
  });
});
