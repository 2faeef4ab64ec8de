import * as api from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenTelemetryAdapter } from '../../src/infra/opentelemetry/index.js';
import { type OtelHarness, startOtel } from './support/otel-harness.js';

let otel: OtelHarness;

beforeEach(() => {
  otel = startOtel();
});
afterEach(async () => {
  await otel.shutdown();
});

const EMAIL = 'ana.lopez@example.com';

describe('OpenTelemetryAdapter sanitises what reaches the exporter', () => {
  it('masks an email in a span attribute, set at start or later', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);

    // Act
    const span = telemetry.startSpan('lead.import', {
      attributes: { 'enduser.email': EMAIL, 'lead.note': `reply to ${EMAIL}`, attempt: 2 },
    });
    span.setAttribute('candidate.contact', EMAIL);
    span.setAttribute('messaging.retried', true);
    span.end();

    // Assess
    const [exported] = otel.exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({
      'enduser.email': '***e.com',
      'lead.note': 'reply to ***e.com',
      attempt: 2,
      'candidate.contact': '***e.com',
      'messaging.retried': true,
    });
    expect(JSON.stringify(exported?.attributes)).not.toContain('lopez');
  });

  it('masks ids, phones and secrets by key and truncates long values', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);

    // Act
    const span = telemetry.startSpan('hub.call', {
      attributes: {
        citizen_id: 1234567890,
        phone: '5512345678',
        'http.url': 'https://hub.example.com/x?access_token=EAAB123',
        authorization: 'Bearer abc',
        body: 'b'.repeat(1_000),
        'http.status_code': 503,
      },
    });
    span.end();

    // Assess
    const [exported] = otel.exporter.getFinishedSpans();
    expect(exported?.attributes).toEqual({
      citizen_id: '***7890',
      phone: '********78',
      'http.url': 'https://hub.example.com/x?access_token=[REDACTED]',
      authorization: '[REDACTED]',
      body: `${'b'.repeat(199)}…`,
      'http.status_code': 503,
    });
  });

  it('masks the span name and the recorded exception', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);
    const error = Object.assign(new Error(`no candidate for ${EMAIL} or +5215512345678`), {
      code: 'NOT_FOUND',
    });

    // Act
    const span = telemetry.startSpan(`GET /candidates/${EMAIL}`);
    span.recordError(error);
    span.end();

    // Assess
    const [exported] = otel.exporter.getFinishedSpans();
    expect(exported?.name).toBe('GET /candidates/***e.com');
    const exception = exported?.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toBe(
      'no candidate for ***e.com or +52*********78',
    );
    expect(JSON.stringify([exported?.name, exported?.events, exported?.status])).not.toContain(
      'lopez',
    );
  });

  it('masks metric attributes of counters, histograms and gauges', async () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);

    // Act
    telemetry.counter('emails_sent_total').add(1, { recipient: EMAIL });
    telemetry.counter('emails_sent_total').add(1, { recipient: EMAIL });
    telemetry.histogram('call_duration_seconds').record(0.5, { nationalId: 'LOAA800101HDF' });
    telemetry.gauge('queue_depth').record(3, { queue: 'leads', owner: EMAIL });
    const metrics = await otel.metrics();

    // Assess
    const byName = new Map(metrics.map((metric) => [metric.name, metric]));
    expect(byName.get('emails_sent_total')?.points).toMatchObject([
      { value: 2, attributes: { recipient: '***e.com' } },
    ]);
    expect(byName.get('call_duration_seconds')?.points[0]?.attributes).toEqual({
      nationalId: '***1HDF',
    });
    expect(byName.get('queue_depth')?.points[0]?.attributes).toEqual({
      queue: 'leads',
      owner: '***e.com',
    });
    expect(JSON.stringify(metrics)).not.toContain('lopez');
  });

  it('honours its sanitise options', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api, {
      sanitise: { maxStringLength: 10, idKeys: ['badge'], sensitiveKeys: ['tenant_secret_ref'] },
    });

    // Act
    const span = telemetry.startSpan('s', {
      attributes: { badge: 'B-00012345', tenantSecretRef: 'ref-1', note: 'abcdefghijklmnop' },
    });
    span.end();

    // Assess
    expect(otel.exporter.getFinishedSpans()[0]?.attributes).toEqual({
      badge: '***2345',
      tenantSecretRef: '[REDACTED]',
      note: 'abcdefghi…',
    });
  });
});
