// Messages a hostile or careless publisher sends, and the settling that must survive them:
// every message ends applied once or in a dead-letter queue once, with a reason, and no
// message can crash or wedge the worker (issue #20). Each test failed on the worker before
// attempts and settling were rebuilt.
import { getEventListeners } from 'node:events';
import type { MessageQueue, RateLimiter } from '@baltra/sdk';
import {
  anEvent,
  InMemoryMessageQueue,
  InMemoryTenantDirectory,
  InMemoryUnitOfWork,
  silentLogger,
} from '@baltra/sdk/testing';
import { defineActionHandler, readDeadLetterRecord, Worker } from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useProcessTripwire } from './support/process-tripwire.js';
import { anAction, eventually, recordHandler, useWorkerHarness } from './worker-harness.js';

const record = recordHandler;

const tenAttributes = Object.fromEntries(
  Array.from({ length: 10 }, (_, index) => [`user_${index}`, `value-${index}`]),
);

describe('Worker: a message cannot crash or wedge it', () => {
  useProcessTripwire();
  const harness = useWorkerHarness();

  it('settles an action whose deadline passes while it waits for the unit of work, without an unhandled rejection', async () => {
    // Prepare: the in-memory unit of work runs one action at a time; a professional action
    // (5 s deadline) holds it for 600 ms while an enterprise one (300 ms) waits (today: its
    // deadline rejected unobserved — "HandlerTimeoutError … did not finish within 300 ms" — and
    // the process exited with code 1).
    let runs = 0;
    const slow = defineActionHandler({
      type: 'jobs.slow',
      schema: z.object({}),
      async handle(_data, { repositories, action }) {
        runs += 1;
        await repositories.outbox.append([anEvent({ aggregateId: action.action_id })]);
        if (action.tenant_tier === 'professional') {
          await new Promise((resolve) => setTimeout(resolve, 600));
        }
      },
    });
    const uow = new InMemoryUnitOfWork();
    const tenants = new InMemoryTenantDirectory([
      { tenantId: 'pro', tier: 'professional', status: 'active' },
      { tenantId: 'big', tier: 'enterprise', status: 'active' },
    ]);
    await harness.send(
      'jobs',
      anAction('jobs.slow', {}, { tenantId: 'pro', tier: 'professional' }),
    );
    await harness.send('jobs', anAction('jobs.slow', {}, { tenantId: 'big', tier: 'enterprise' }));

    // Act
    const worker = harness.startWorker({
      handlers: [slow],
      tenants,
      unitOfWork: uow,
      concurrency: 2,
      handlerTimeoutsMs: { enterprise: 300, professional: 5_000 },
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().succeeded === 2, 10_000);

    // Assess: the waiting one timed out and was retried; both applied once; the process never
    // saw an unhandled rejection (the tripwire).
    expect(worker.stats().retried).toBe(1);
    expect(runs).toBe(2);
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(2);
  });

  it('dead-letters as schema_error, with the real error, an action whose schema throws instead of failing', async () => {
    // Prepare: a refinement with a bug (TypeError) and z.json() on deeply nested data.
    const buggy = defineActionHandler({
      type: 'jobs.buggy_schema',
      schema: z
        .object({ name: z.string() })
        .refine((value) => (value as never as { x: { y: 1 } }).x.y === 1),
      handle: async () => 'never',
    });
    const deep = defineActionHandler({
      type: 'jobs.deep',
      schema: z.object({ tree: z.json() }),
      handle: async () => 'never',
    });
    const nested = `${'['.repeat(5_000)}1${']'.repeat(5_000)}`;
    await harness.send(
      'jobs',
      anAction('jobs.buggy_schema', { name: 'ana' }),
      `{"action_id":"deep-1","action_type":"jobs.deep","tenant_id":"acme","tenant_tier":"enterprise","data":{"tree":${nested}}}`,
    );

    // Act
    const worker = harness.startWorker({ handlers: [buggy, deep] });
    await eventually(() => worker.stats().deadLettered === 2);
    await worker.stop();

    // Assess
    const dead = harness.queue.drain('jobs-dlq').map((message) => readDeadLetterRecord(message));
    expect(dead.map((entry) => entry?.reason)).toEqual(['schema_error', 'schema_error']);
    expect(dead.map((entry) => entry?.error_code).sort()).toEqual(['RangeError', 'TypeError']);
    expect(harness.queue.depth('jobs').total).toBe(0);
  });

  it('retries and then dead-letters a handler that throws an unprintable object, with a typed reason', async () => {
    // Prepare: String(Object.create(null)) throws (today it broke settling and skipped backoff).
    const weird = defineActionHandler({
      type: 'jobs.weird',
      schema: z.object({}),
      async handle() {
        throw Object.create(null);
      },
    });
    await harness.send('jobs', anAction('jobs.weird', {}));

    // Act
    const worker = harness.startWorker({
      handlers: [weird],
      maxAttempts: 2,
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().deadLettered === 1, 10_000);

    // Assess
    expect(worker.stats().retried).toBe(1);
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'max_attempts_exceeded',
      error_code: 'object',
      error_message: '(an unprintable object was thrown)',
    });
  });

  it('dead-letters as non_retryable_error a result that is not JSON, and rolls its effect back', async () => {
    const bigint = defineActionHandler({
      type: 'jobs.bigint',
      schema: z.object({}),
      async handle(_data, { repositories, action }) {
        await repositories.outbox.append([anEvent({ aggregateId: action.action_id })]);
        return { count: 10n };
      },
    });
    const uow = new InMemoryUnitOfWork();
    await harness.send('jobs', anAction('jobs.bigint', {}));

    const worker = harness.startWorker({ handlers: [bigint], unitOfWork: uow });
    await eventually(() => worker.stats().deadLettered === 1);

    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'non_retryable_error',
      error_code: 'RESULT_NOT_SERIALISABLE',
    });
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toEqual([]);
  });

  it('removes its abort listener after every poll back-off (a long broker outage leaks none)', async () => {
    // Prepare: a broker whose receive always fails; the worker backs off between polls.
    let signal: AbortSignal | undefined;
    let failures = 0;
    const down: MessageQueue = {
      send: async () => ({ sent: [], failed: [] }),
      delete: async () => ({ succeeded: [], failed: [] }),
      changeVisibility: async () => ({ succeeded: [], failed: [] }),
      receive: async (_queue, options) => {
        signal = options?.signal;
        failures += 1;
        throw new Error('broker unavailable');
      },
    };
    const worker = new Worker({
      queue: down,
      queues: ['jobs'],
      handlers: [record],
      logger: silentLogger,
    });

    // Act
    worker.start();
    await eventually(() => failures >= 4, 10_000);
    const listeners = signal ? getEventListeners(signal, 'abort').length : -1;
    await worker.stop({ timeoutMs: 100 });

    // Assess: at most the one of the sleep in progress (today: one more per back-off).
    expect(listeners).toBeLessThanOrEqual(1);
  });
});

describe('Worker: every copy it makes fits the broker', () => {
  useProcessTripwire();
  const harness = useWorkerHarness();

  it('dead-letters a message carrying 10 attributes of every type: 9 kept, the rest moved into the record', async () => {
    // Prepare: SQS (and the in-memory queue) allow 10 attributes; the old six baltra.* ones
    // on top made the dead-letter send fail, so the message came back forever.
    await harness.queue.send('jobs', [
      {
        body: '{not json',
        attributes: tenAttributes,
        typedAttributes: {
          user_8: { dataType: 'Binary', binaryValue: new Uint8Array([0, 1, 2, 255]) },
          user_9: { dataType: 'Number', stringValue: '42' },
        },
      },
    ]);

    // Act
    const worker = harness.startWorker({ handlers: [record] });
    await eventually(() => worker.stats().deadLettered === 1);
    await worker.stop();

    // Assess
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead?.body).toBe('{not json');
    expect(Object.keys(dead?.typedAttributes ?? {})).toHaveLength(10);
    const recorded = dead && readDeadLetterRecord(dead);
    expect(recorded?.reason).toBe('invalid_json');
    const moved = { ...recorded?.moved_attributes };
    const kept = dead?.typedAttributes ?? {};
    // Every user attribute survives, on the copy or in the record, with its type.
    for (let index = 0; index < 10; index += 1) {
      expect(kept[`user_${index}`] !== undefined || moved[`user_${index}`] !== undefined).toBe(
        true,
      );
    }
    const binary = kept.user_8 ?? moved.user_8;
    expect(binary).toBeDefined();
    if (kept.user_8) expect([...(kept.user_8.binaryValue ?? [])]).toEqual([0, 1, 2, 255]);
    else expect(moved.user_8).toEqual({ data_type: 'Binary', binary_value: 'AAEC/w==' });
    expect(harness.queue.depth('jobs').total).toBe(0);
  });

  it('cuts the body of a dead-letter copy only as the last resort, recording its size and digest', async () => {
    // Prepare: an invalid action whose body is a few bytes under the broker's limit.
    const limit = harness.queue.limits?.maxMessageBytes ?? 262_144;
    const action = anAction('jobs.record', { n: 'not a number' });
    const overhead = Buffer.byteLength(JSON.stringify({ ...action, padding: '' }));
    const body = JSON.stringify({ ...action, padding: 'x'.repeat(limit - overhead - 50) });
    await harness.send('jobs', body);

    // Act
    const worker = harness.startWorker({ handlers: [record], maxBodyBytes: limit });
    await eventually(() => worker.stats().deadLettered === 1);

    // Assess
    const [dead] = harness.queue.drain('jobs-dlq');
    const recorded = dead && readDeadLetterRecord(dead);
    expect(recorded?.reason).toBe('invalid_data');
    expect(recorded?.body_truncated?.original_bytes).toBe(Buffer.byteLength(body));
    const { createHash } = await import('node:crypto');
    expect(recorded?.body_truncated?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(body.startsWith(dead?.body ?? '-')).toBe(true);
  });

  it('defers an over-quota action carrying 10 attributes and applies it later, the attributes intact', async () => {
    // Prepare: the first acquire refuses (quota), later ones allow.
    let acquired = 0;
    const rateLimiter: RateLimiter = {
      acquire: async () => {
        acquired += 1;
        return acquired === 1
          ? { allowed: false, window: 'minute', limit: 1, retryAfterMs: 1_000 }
          : { allowed: true };
      },
    };
    const uow = new InMemoryUnitOfWork();
    await harness.queue.send('jobs', [
      { body: JSON.stringify(anAction('jobs.record', { n: 1 })), attributes: tenAttributes },
    ]);

    // Act
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow, rateLimiter });
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(worker.stats().deferred).toBe(1);
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
    expect(harness.queue.drain('jobs-dlq')).toEqual([]);
  });
});

describe('Worker: callbacks never hold up their action', () => {
  useProcessTripwire();
  const harness = useWorkerHarness();

  it('acknowledges an applied action whose callback queue does not exist and dead-letters the callback once', async () => {
    // Prepare (today: never acknowledged, a new dead-letter copy on every redelivery)
    const uow = new InMemoryUnitOfWork();
    const action = anAction('jobs.record', { n: 7 }, { callbackQueue: 'no-such-queue' });
    await harness.send('jobs', action);

    // Act
    const worker = harness.startWorker({
      handlers: [record],
      unitOfWork: uow,
      visibilityTimeoutSeconds: 1,
      callbacks: { attempts: 2, backoffMs: 10 },
    });
    await eventually(() => worker.stats().callbacksDeadLettered === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past a visibility timeout
    await worker.stop();

    // Assess
    expect(worker.stats().succeeded).toBe(1);
    expect(harness.queue.depth('jobs').total).toBe(0);
    const dead = harness.queue.drain('jobs-dlq');
    expect(dead).toHaveLength(1);
    expect(dead[0] && readDeadLetterRecord(dead[0])).toMatchObject({
      reason: 'callback_undeliverable',
      action_id: action.action_id,
    });
    expect(JSON.parse(dead[0]?.body ?? '{}').data).toMatchObject({ ok: true, result: { n: 7 } });
  });

  it('never sends a callback to a URL or a queue outside the allow-list', async () => {
    // Prepare: the SQS adapter would use a URL as it is, so a message could pick the host.
    const sent: string[] = [];
    const queue = harness.queue;
    const spy: MessageQueue = {
      limits: queue.limits,
      receive: (name, options) => queue.receive(name, options),
      delete: (name, handles) => queue.delete(name, handles),
      changeVisibility: (name, changes) => queue.changeVisibility(name, changes),
      send: (name, messages) => {
        sent.push(name);
        return queue.send(name, messages);
      },
    };
    await harness.send(
      'jobs',
      anAction('jobs.record', { n: 1 }, { callbackQueue: 'https://evil.example/123/steal' }),
      anAction('jobs.record', { n: 2 }, { callbackQueue: 'callbacks' }),
      anAction('jobs.record', { n: 3 }, { callbackQueue: 'other-results' }),
    );

    // Act
    const worker = new Worker({
      queue: spy,
      queues: ['jobs'],
      handlers: [record],
      waitTimeSeconds: 1,
      logger: silentLogger,
      unitOfWork: new InMemoryUnitOfWork(),
      callbacks: { allow: ['callbacks'] },
    }).start();
    try {
      await eventually(
        () => worker.stats().callbacksDeadLettered === 2 && worker.stats().succeeded === 3,
      );
    } finally {
      await worker.stop();
    }

    // Assess
    expect(sent.filter((name) => name !== 'jobs-dlq')).toEqual(['callbacks']);
    const reasons = harness.queue.drain('jobs-dlq').map((m) => readDeadLetterRecord(m)?.reason);
    expect(reasons).toEqual(['callback_not_allowed', 'callback_not_allowed']);
  });
});

describe('Worker: idempotency is per tenant and checks the payload', () => {
  useProcessTripwire();
  const harness = useWorkerHarness();

  it('applies the same action id sent by two tenants twice (today the second was dropped as a replay)', async () => {
    const uow = new InMemoryUnitOfWork();
    await harness.send(
      'jobs',
      anAction('jobs.record', { n: 1 }, { tenantId: 'acme', actionId: 'order-7' }),
      anAction('jobs.record', { n: 2 }, { tenantId: 'globex', actionId: 'order-7' }),
    );

    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow });
    await eventually(() => worker.stats().succeeded === 2);

    expect(worker.stats().replayed).toBe(0);
    const effects = await uow.run(({ outbox }) => outbox.pending(10));
    expect(effects.map((entry) => entry.payload).sort((a, b) => Number(a.n) - Number(b.n))).toEqual(
      [{ n: 1 }, { n: 2 }],
    );
  });

  it('dead-letters a reused action id with other data as idempotency_conflict; the same data is a replay', async () => {
    const uow = new InMemoryUnitOfWork();
    const first = anAction('jobs.record', { n: 1 }, { actionId: 'order-8' });
    await harness.send('jobs', first);
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow });
    await eventually(() => worker.stats().succeeded === 1);

    await harness.send('jobs', anAction('jobs.record', { n: 99 }, { actionId: 'order-8' }), {
      ...first,
      data: { n: 1 },
    });
    await eventually(() => worker.stats().deadLettered === 1 && worker.stats().succeeded === 2);

    expect(worker.stats().replayed).toBe(1);
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'idempotency_conflict',
      error_code: 'IDEMPOTENCY_CONFLICT',
      action_id: 'order-8',
    });
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
  });
});

describe('Worker: the dead-letter record on a standalone in-memory queue', () => {
  it('reads back through readDeadLetterRecord, and ignores messages without one', () => {
    expect(readDeadLetterRecord({ attributes: {} })).toBeUndefined();
    expect(readDeadLetterRecord({ attributes: { 'baltra.dead_letter': '{oops' } })).toBeUndefined();
    const queue = new InMemoryMessageQueue();
    expect(queue.limits?.maxAttributes).toBe(10);
  });
});
