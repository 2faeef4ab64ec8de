import { resetTelemetry, setTelemetry } from '@baltra/sdk';
import { loadPrometheusTelemetry, type PrometheusTelemetry } from '@baltra/sdk/prometheus';
import { InMemoryMessageQueue, InMemoryTenantDirectory, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, Worker } from '@baltra/sdk/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anAction, eventually } from '../worker/worker-harness.js';
import { parseExposition, samplesOf, sampleValue } from './support/parse-exposition.js';

afterEach(() => resetTelemetry());

describe('a Worker with PrometheusTelemetry installed', () => {
  it('emits the worker metrics with the tenant tier: consumed, retried, dead-lettered, durations, in flight, last poll', async () => {
    // Prepare
    const telemetry: PrometheusTelemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    setTelemetry(telemetry);
    const queue = new InMemoryMessageQueue({ queues: { jobs: {}, 'jobs-dlq': {} } });
    let flaky = 0;
    const handlers = [
      defineActionHandler({
        type: 'jobs.ok',
        schema: z.object({}),
        async handle() {
          return { ok: true };
        },
      }),
      defineActionHandler({
        type: 'jobs.flaky',
        schema: z.object({}),
        async handle() {
          flaky += 1;
          if (flaky === 1) throw Object.assign(new Error('partner down'), { code: 'PARTNER_DOWN' });
          return { ok: true };
        },
      }),
    ];
    await queue.send('jobs', [
      { body: JSON.stringify(anAction('jobs.ok', {}, { tier: 'free' })) },
      { body: JSON.stringify(anAction('jobs.ok', {}, { tenantId: 'big', tier: 'enterprise' })) },
      // A free tenant that claims enterprise: counted under its directory tier, free.
      { body: JSON.stringify(anAction('jobs.flaky', {}, { tier: 'enterprise' })) },
      { body: '{"not": "an action"' },
    ]);
    const before = Date.now() / 1000;

    // Act
    const worker = new Worker({
      queue,
      queues: [{ name: 'jobs', tier: 'free' }],
      handlers,
      tenants: new InMemoryTenantDirectory([
        { tenantId: 'acme', tier: 'free', status: 'active' },
        { tenantId: 'big', tier: 'enterprise', status: 'active' },
      ]),
      waitTimeSeconds: 1,
      retry: { baseSeconds: 1, maxSeconds: 1 },
      logger: silentLogger,
    }).start();
    await eventually(
      () => worker.stats().succeeded === 3 && worker.stats().deadLettered === 1,
      15_000,
    );
    const exposition = parseExposition(await telemetry.metrics());
    await worker.stop();
    queue.close();

    // Assess
    const consumed = (tier: string) =>
      sampleValue(exposition, 'queue_message_consumed_total', {
        queue: 'jobs',
        outcome: 'success',
        tier,
      });
    expect([consumed('free'), consumed('enterprise')]).toEqual([2, 1]);
    const retried = { queue: 'jobs', error: 'PARTNER_DOWN', tier: 'free' };
    expect(sampleValue(exposition, 'queue_message_retried_total', retried)).toBe(1);
    expect(sampleValue(exposition, 'queue_message_failed_total', retried)).toBe(1);
    const [deadLettered] = samplesOf(exposition, 'queue_message_dead_lettered_total');
    expect(deadLettered).toMatchObject({ labels: { queue: 'jobs', tier: 'unknown' }, value: 1 });
    expect(
      sampleValue(exposition, 'queue_message_processing_duration_seconds_count', {
        queue: 'jobs',
        outcome: 'succeeded',
        tier: 'free',
      }),
    ).toBe(2);
    expect(
      sampleValue(exposition, 'queue_message_processing_duration_seconds_count', {
        queue: 'jobs',
        outcome: 'retry',
        tier: 'free',
      }),
    ).toBe(1);
    expect(sampleValue(exposition, 'worker_actions_in_flight', { queue: 'jobs' })).toBe(0);
    const lastPoll = sampleValue(exposition, 'worker_last_poll_timestamp_seconds', {
      queue: 'jobs',
    });
    expect(lastPoll).toBeGreaterThanOrEqual(before);
    expect(lastPoll).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('shows the actions running right now in worker_actions_in_flight', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    setTelemetry(telemetry);
    const queue = new InMemoryMessageQueue({ queues: { jobs: {}, 'jobs-dlq': {} } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = defineActionHandler({
      type: 'jobs.slow',
      schema: z.object({}),
      handle: () => gate,
    });
    await queue.send(
      'jobs',
      [1, 2, 3].map(() => ({ body: JSON.stringify(anAction('jobs.slow', {})) })),
    );
    const worker = new Worker({
      queue,
      queues: ['jobs'],
      handlers: [slow],
      waitTimeSeconds: 1,
      logger: silentLogger,
    }).start();

    // Act
    await eventually(() => worker.stats().inFlight === 3);
    const running = parseExposition(await telemetry.metrics());
    release();
    await eventually(() => worker.stats().succeeded === 3);
    const done = parseExposition(await telemetry.metrics());
    await worker.stop();
    queue.close();

    // Assess
    expect(sampleValue(running, 'worker_actions_in_flight', { queue: 'jobs' })).toBe(3);
    expect(sampleValue(done, 'worker_actions_in_flight', { queue: 'jobs' })).toBe(0);
  });
});
