import { resetTelemetry, setTelemetry } from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { InMemoryMessageQueue } from '@baltra/sdk/testing';
import { defineActionHandler, Worker } from '@baltra/sdk/worker';
import * as api from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type OtelHarness, startOtel } from '../edge/support/otel-harness.js';
import { anAction, eventually } from './worker-harness.js';

let otel: OtelHarness;
beforeEach(() => {
  otel = startOtel();
});
afterEach(async () => {
  resetTelemetry();
  await otel.shutdown();
});

describe('Worker telemetry', () => {
  it('traces each action as a consumer span, and every span inside carries its context', async () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);
    setTelemetry(telemetry);
    const queue = new InMemoryMessageQueue({ queues: { jobs: {}, 'jobs-dlq': {} } });
    const call = defineActionHandler({
      type: 'jobs.call_partner',
      schema: z.object({ email: z.string() }),
      async handle(data) {
        const span = telemetry.startSpan('partner.request', {
          kind: 'client',
          attributes: { 'enduser.email': data.email },
        });
        span.end();
      },
    });
    const action = anAction(
      'jobs.call_partner',
      { email: 'ana.lopez@example.com' },
      {
        tenantId: 'globex',
        tier: 'advance',
      },
    );
    await queue.send('jobs', [{ body: JSON.stringify(action) }]);

    // Act
    const worker = new Worker({
      queue,
      queues: [{ name: 'jobs', tier: 'advance' }],
      handlers: [call],
      waitTimeSeconds: 1,
    }).start();
    await eventually(() => worker.stats().succeeded === 1);
    await worker.stop();
    queue.close();

    // Assess
    const spans = otel.exporter.getFinishedSpans();
    const consumer = spans.find((span) => span.name === 'process jobs.call_partner');
    const client = spans.find((span) => span.name === 'partner.request');
    const context = {
      'baltra.correlation_id': action.correlation_id ?? action.action_id,
      'baltra.tenant_id': 'globex',
      'baltra.tenant_tier': 'advance',
      'baltra.action_id': action.action_id,
      'baltra.action_type': 'jobs.call_partner',
    };
    expect(consumer?.kind).toBe(api.SpanKind.CONSUMER);
    expect(consumer?.attributes).toMatchObject({ ...context, 'baltra.receive_count': 1 });
    expect(client?.attributes).toMatchObject({ ...context, 'enduser.email': '***e.com' });
    expect(client?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
  });
});
