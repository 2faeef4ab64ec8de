import { DomainError, getExecutionContext, type RateLimiter } from '@baltra/sdk';
import { anEvent, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import {
  defineActionHandler,
  readDeadLetterRecord,
  WorkerConfigurationError,
} from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anAction, eventually, useWorkerHarness } from './worker-harness.js';

const echo = defineActionHandler({
  type: 'jobs.echo',
  schema: z.object({ value: z.number() }),
  async handle(data) {
    return { doubled: data.value * 2 };
  },
});

describe('Worker: the happy path', () => {
  const harness = useWorkerHarness();

  it('runs the handler, acknowledges the message and answers the callback queue', async () => {
    // Prepare
    const action = anAction('jobs.echo', { value: 21 }, { callbackQueue: 'callbacks' });
    await harness.send('jobs', action);

    // Act
    const worker = harness.startWorker({ handlers: [echo] });
    await eventually(() => worker.stats().succeeded === 1);
    await worker.stop();

    // Assess
    expect(harness.queue.depth('jobs').total).toBe(0);
    const [callback] = harness.queue.drain('callbacks');
    const reply = JSON.parse(callback?.body ?? '{}');
    expect(reply).toMatchObject({
      action_type: 'jobs.callback',
      tenant_id: 'acme',
      action_id: `${action.action_id}.callback`,
      metadata: { in_reply_to: action.action_id },
      data: { ok: true, result: { doubled: 42 }, action_id: action.action_id },
    });
  });

  it('gives each handler the execution context of its action', async () => {
    // Prepare
    const seen: unknown[] = [];
    const spy = defineActionHandler({
      type: 'jobs.spy',
      schema: z.object({}),
      async handle(_data, { action }) {
        seen.push({ context: getExecutionContext(), actionId: action.action_id });
      },
    });
    const action = anAction('jobs.spy', {}, { tenantId: 'globex', tier: 'professional' });
    await harness.send('jobs', action);

    // Act
    const worker = harness.startWorker({
      handlers: [spy],
      queues: [{ name: 'jobs', tier: 'professional' }],
    });
    await eventually(() => worker.stats().succeeded === 1);

    // Assess
    expect(seen).toEqual([
      {
        actionId: action.action_id,
        context: expect.objectContaining({
          correlationId: action.correlation_id ?? action.action_id,
          tenantId: 'globex',
          tenantTier: 'professional',
          actionId: action.action_id,
          actionType: 'jobs.spy',
        }),
      },
    ]);
  });

  it('refuses a configuration with duplicate handlers or no queue', () => {
    expect(() => harness.startWorker({ handlers: [echo, echo] })).toThrow(WorkerConfigurationError);
    expect(() => harness.startWorker({ handlers: [echo], queues: [] })).toThrow(/at least one/);
    expect(() => harness.startWorker({ handlers: [echo], concurrency: 0 })).toThrow(/concurrency/);
  });
});

describe('Worker: bad input goes to the dead-letter queue with its reason', () => {
  const harness = useWorkerHarness();

  it('dead-letters invalid JSON, unknown types, bad data, oversized bodies and missing tenants, and keeps running', async () => {
    // Prepare
    const { tenant_id: _dropped, ...withoutTenant } = anAction('jobs.echo', { value: 1 });
    await harness.send(
      'jobs',
      '{not json',
      anAction('jobs.unknown', {}),
      anAction('jobs.echo', { value: 'one' }),
      JSON.stringify(anAction('jobs.echo', { value: 1, padding: 'x'.repeat(2_000) })),
      JSON.stringify(withoutTenant),
      anAction('jobs.echo', { value: 2 }),
    );

    // Act
    const worker = harness.startWorker({ handlers: [echo], maxBodyBytes: 1_024 });
    await eventually(() => worker.stats().deadLettered === 5 && worker.stats().succeeded === 1);
    await worker.stop();

    // Assess
    expect(worker.stats().deadLetteredByReason).toEqual({
      invalid_json: 1,
      unknown_action_type: 1,
      invalid_data: 1,
      oversized: 1,
      missing_tenant: 1,
    });
    const dead = harness.queue.drain('jobs-dlq');
    expect(dead.map((message) => readDeadLetterRecord(message)?.reason).sort()).toEqual([
      'invalid_data',
      'invalid_json',
      'missing_tenant',
      'oversized',
      'unknown_action_type',
    ]);
    const invalidJson = dead.find((m) => m.body === '{not json');
    expect(invalidJson && readDeadLetterRecord(invalidJson)).toMatchObject({
      error_code: 'MALFORMED_ACTION',
      source_queue: 'jobs',
      receive_count: 1,
    });
    expect(harness.queue.depth('jobs').total).toBe(0);
  });

  it('retries a handler that keeps throwing and dead-letters it after maxAttempts with its last error', async () => {
    // Prepare
    let attempts = 0;
    const flaky = defineActionHandler({
      type: 'jobs.flaky',
      schema: z.object({}),
      async handle() {
        attempts += 1;
        throw new Error(`attempt ${attempts} failed for ana@example.com`);
      },
    });
    const action = anAction('jobs.flaky', {}, { callbackQueue: 'callbacks' });
    await harness.send('jobs', action);

    // Act
    const worker = harness.startWorker({
      handlers: [flaky],
      maxAttempts: 3,
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().deadLettered === 1, 10_000);

    // Assess
    expect(attempts).toBe(3);
    expect(worker.stats().retried).toBe(2);
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'max_attempts_exceeded',
      error_message: 'attempt 3 failed for a***@example.com',
      action_id: action.action_id,
      tenant_id: 'acme',
      receive_count: 3,
      failures: 3,
    });
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}').data).toMatchObject({
      ok: false,
      error: { code: 'Error' },
    });
  });

  it('dead-letters a business-rule failure at once, without retrying', async () => {
    // Prepare
    let attempts = 0;
    const strict = defineActionHandler({
      type: 'jobs.strict',
      schema: z.object({}),
      async handle() {
        attempts += 1;
        throw new DomainError('Candidate cannot move from hired to applied', {
          code: 'ILLEGAL_STAGE_MOVE',
        });
      },
    });
    await harness.send('jobs', anAction('jobs.strict', {}));

    // Act
    const worker = harness.startWorker({ handlers: [strict] });
    await eventually(() => worker.stats().deadLettered === 1);

    // Assess
    expect(attempts).toBe(1);
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'non_retryable_error',
      error_code: 'ILLEGAL_STAGE_MOVE',
    });
  });
});

describe('Worker: exactly-once effects through the unit of work', () => {
  const harness = useWorkerHarness();

  it('applies a redelivered action once and replays its stored result', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    let runs = 0;
    const record = defineActionHandler({
      type: 'jobs.record',
      schema: z.object({ candidateId: z.string() }),
      async handle(data, { repositories }) {
        runs += 1;
        await repositories.outbox.append([anEvent({ aggregateId: data.candidateId })]);
        return { recorded: data.candidateId };
      },
    });
    const action = anAction('jobs.record', { candidateId: 'c-1' }, { callbackQueue: 'callbacks' });
    await harness.send('jobs', action, action);

    // Act
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow, concurrency: 1 });
    await eventually(() => worker.stats().succeeded === 2);

    // Assess
    const events = await uow.run(({ outbox }) => outbox.pending(100));
    expect(events).toHaveLength(1);
    expect(runs).toBe(1);
    expect(worker.stats().replayed).toBe(1);
    const replies = harness.queue.drain('callbacks').map((m) => JSON.parse(m.body).data.result);
    expect(replies).toEqual([{ recorded: 'c-1' }, { recorded: 'c-1' }]);
  });

  it('rolls back the effect of a handler that fails, so the retry starts clean', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    let attempts = 0;
    const halfDone = defineActionHandler({
      type: 'jobs.half_done',
      schema: z.object({}),
      async handle(_data, { repositories }) {
        attempts += 1;
        await repositories.outbox.append([anEvent()]);
        if (attempts === 1) throw new Error('crash after the first write');
      },
    });
    await harness.send('jobs', anAction('jobs.half_done', {}));

    // Act
    const worker = harness.startWorker({
      handlers: [halfDone],
      unitOfWork: uow,
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(attempts).toBe(2);
    expect(await uow.run(({ outbox }) => outbox.pending(100))).toHaveLength(1);
  });

  it('tells a handler without a unit of work that it has no repositories', async () => {
    // Prepare
    const needsRepositories = defineActionHandler({
      type: 'jobs.needs_db',
      schema: z.object({}),
      async handle(_data, { repositories }) {
        await repositories.outbox.pending(1);
      },
    });
    await harness.send('jobs', anAction('jobs.needs_db', {}));

    // Act
    const worker = harness.startWorker({ handlers: [needsRepositories] });
    await eventually(() => worker.stats().deadLettered === 1);

    // Assess
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)?.error_code).toBe('WORKER_MISCONFIGURED');
  });
});

describe('Worker: concurrency, timeouts and quotas', () => {
  const harness = useWorkerHarness();

  it('never runs more than `concurrency` handlers and refills slots without waiting for a batch', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const finished: string[] = [];
    const timed = defineActionHandler({
      type: 'jobs.timed',
      schema: z.object({ name: z.string(), ms: z.number() }),
      async handle(data) {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, data.ms));
        running -= 1;
        finished.push(data.name);
      },
    });
    const slow = anAction('jobs.timed', { name: 'slow', ms: 600 });
    const fast = Array.from({ length: 20 }, (_, i) =>
      anAction('jobs.timed', { name: `fast-${i}`, ms: 10 }),
    );
    await harness.send('jobs', slow, ...fast);

    // Act
    const worker = harness.startWorker({ handlers: [timed], concurrency: 3 });
    await eventually(() => worker.stats().succeeded === 21);

    // Assess
    expect(peak).toBe(3);
    expect(finished.at(-1)).toBe('slow');
  });

  it('aborts a handler that outlives its tier timeout, rolls it back and retries it', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    let attempts = 0;
    const stuck = defineActionHandler({
      type: 'jobs.stuck',
      schema: z.object({}),
      async handle(_data, { repositories, signal }) {
        attempts += 1;
        await repositories.outbox.append([anEvent()]);
        if (attempts > 1) return 'done';
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      },
    });
    await harness.send('jobs', anAction('jobs.stuck', {}, { tier: 'free' }));
    const events: string[] = [];

    // Act
    const worker = harness.startWorker({
      handlers: [stuck],
      queues: [{ name: 'jobs', tier: 'free' }],
      unitOfWork: uow,
      handlerTimeoutsMs: { free: 50 },
      retry: { baseSeconds: 1, maxSeconds: 1 },
      onEvent: (event) => events.push(event.type === 'retried' ? event.error : event.type),
    });
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(events).toEqual(['HANDLER_TIMEOUT', 'succeeded']);
    expect(await uow.run(({ outbox }) => outbox.pending(100))).toHaveLength(1);
  });

  it('defers an action over its tenant quota as a delayed copy, without counting a failed delivery', async () => {
    // Prepare
    const refuseOnce: RateLimiter = {
      calls: 0,
      async acquire() {
        this.calls += 1;
        return this.calls === 1
          ? { allowed: false, window: 'minute', limit: 10, retryAfterMs: 1_200 }
          : { allowed: true };
      },
    } as RateLimiter & { calls: number };
    await harness.send('jobs', anAction('jobs.echo', { value: 1 }, { tier: 'free' }));

    // Act
    const worker = harness.startWorker({ handlers: [echo], rateLimiter: refuseOnce });
    await eventually(() => worker.stats().deferred === 1);
    await eventually(() => harness.queue.depth('jobs').inFlight === 0);
    const afterDeferral = harness.queue.peek('jobs');
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(afterDeferral).toHaveLength(1);
    expect(afterDeferral[0]).toMatchObject({ state: 'delayed', receiveCount: 0 });
    expect(afterDeferral[0]?.attributes['baltra.deferrals']).toBe('1');
  });
});

describe('Worker: tier priority', () => {
  const harness = useWorkerHarness(['work-enterprise', 'work-free']);

  it('serves enterprise first and free never starves', async () => {
    // Prepare
    const order: string[] = [];
    const track = defineActionHandler({
      type: 'jobs.track',
      schema: z.object({ tier: z.string() }),
      async handle(data) {
        order.push(data.tier);
      },
    });
    await harness.send(
      'work-enterprise',
      ...Array.from({ length: 40 }, () => anAction('jobs.track', { tier: 'enterprise' })),
    );
    await harness.send(
      'work-free',
      ...Array.from({ length: 40 }, () => anAction('jobs.track', { tier: 'free' })),
    );

    // Act
    const worker = harness.startWorker({
      handlers: [track],
      concurrency: 1,
      prefetch: 10,
      queues: [
        { name: 'work-enterprise', tier: 'enterprise' },
        { name: 'work-free', tier: 'free' },
      ],
    });
    await eventually(() => worker.stats().succeeded === 80);

    // Assess: while both wait, enterprise gets 8 of every 9 slots, free at least 1 in 9.
    const firstWhileBothWait = order.slice(0, 36);
    const free = firstWhileBothWait.filter((tier) => tier === 'free').length;
    expect(free).toBeGreaterThanOrEqual(3);
    expect(free).toBeLessThanOrEqual(5);
    expect(order.indexOf('free')).toBeLessThan(10);
  });
});

describe('Worker: heartbeats and graceful shutdown', () => {
  const harness = useWorkerHarness();

  it('keeps a long-running message invisible past its visibility timeout', async () => {
    // Prepare
    let runs = 0;
    const long = defineActionHandler({
      type: 'jobs.long',
      schema: z.object({}),
      async handle() {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 2_500));
      },
    });
    await harness.send('jobs', anAction('jobs.long', {}));

    // Act: two workers; the second would get the message if its visibility lapsed.
    const first = harness.startWorker({ handlers: [long], visibilityTimeoutSeconds: 1 });
    await eventually(() => first.stats().inFlight === 1);
    const second = harness.startWorker({ handlers: [long], visibilityTimeoutSeconds: 1 });
    await eventually(() => first.stats().succeeded === 1, 10_000);

    // Assess
    expect(runs).toBe(1);
    expect(second.stats().received).toBe(0);
    await eventually(() => harness.queue.depth('jobs').total === 0);
  });

  it('finishes running handlers, hands back buffered messages and stops polling', async () => {
    // Prepare
    const started: string[] = [];
    const slow = defineActionHandler({
      type: 'jobs.slow',
      schema: z.object({ name: z.string() }),
      async handle(data) {
        started.push(data.name);
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    });
    await harness.send(
      'jobs',
      ...Array.from({ length: 5 }, (_, i) => anAction('jobs.slow', { name: `m${i}` })),
    );
    const worker = harness.startWorker({ handlers: [slow], concurrency: 2, prefetch: 3 });
    await eventually(() => worker.stats().inFlight === 2);

    // Act
    const report = await worker.stop({ timeoutMs: 2_000 });

    // Assess
    expect(report).toEqual({ completed: 2, released: 3, drained: true });
    expect(worker.stats().succeeded).toBe(2);
    expect(harness.queue.depth('jobs')).toMatchObject({ visible: 3, inFlight: 0 });
    expect(started).toHaveLength(2);
  });

  it('aborts and hands back handlers that miss the shutdown deadline', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    const hang = defineActionHandler({
      type: 'jobs.hang',
      schema: z.object({}),
      async handle(_data, { repositories, signal }) {
        await repositories.outbox.append([anEvent()]);
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      },
    });
    await harness.send('jobs', anAction('jobs.hang', {}));
    const worker = harness.startWorker({ handlers: [hang], unitOfWork: uow });
    await eventually(() => worker.stats().inFlight === 1);

    // Act
    const report = await worker.stop({ timeoutMs: 100 });
    await eventually(() => worker.stats().inFlight === 0);

    // Assess
    expect(report).toEqual({ completed: 0, released: 1, drained: false });
    expect(harness.queue.depth('jobs')).toMatchObject({ visible: 1, inFlight: 0 });
    expect(await uow.run(({ outbox }) => outbox.pending(100))).toHaveLength(0);
  });
});
