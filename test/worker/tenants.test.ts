// The worker takes a tenant's tier from the tenant directory (or, without one, from the queue
// the operator configured), never from the message: issue #14, item 3.
import type { LogFields, Logger, TenantDirectory, TenantRecord } from '@baltra/sdk';
import {
  InMemoryMessageQueue,
  InMemoryRateLimiter,
  InMemoryTenantDirectory,
  silentLogger,
} from '@baltra/sdk/testing';
import {
  CachingTenantDirectory,
  createSqsHandler,
  defineActionHandler,
  readDeadLetterRecord,
  type SqsEventRecord,
  type WorkerEvent,
} from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anAction, eventually, useWorkerHarness } from './worker-harness.js';

const FREE: TenantRecord = { tenantId: 'small', tier: 'free', status: 'active' };
const ENTERPRISE: TenantRecord = { tenantId: 'big', tier: 'enterprise', status: 'active' };
// Free's timeout is far below the handler's run, enterprise's far above: which one applied
// shows in the outcome, not in a measured time.
const TIMEOUTS = { free: 50, enterprise: 10_000 };

/** `jobs.slow`: runs 400 ms unless its signal aborts it; records the tier it ran under. */
function slowHandler(seen: string[]) {
  return defineActionHandler({
    type: 'jobs.slow',
    schema: z.object({ email: z.string().optional() }),
    async handle(_data, { action, signal }) {
      seen.push(action.tenant_tier);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 400);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      return 'done';
    },
  });
}

/** A logger that keeps its warnings. */
function recordingLogger(): Logger & { readonly warnings: [string, LogFields | undefined][] } {
  const warnings: [string, LogFields | undefined][] = [];
  const logger = {
    ...silentLogger,
    warnings,
    warn: (message: string, fields?: LogFields) => {
      warnings.push([message, fields]);
    },
    child: () => logger,
  };
  return logger;
}

/** A directory that counts its lookups, and fails the first `failures` of them. */
function countingDirectory(inner: TenantDirectory, failures = 0) {
  const counted = {
    lookups: 0,
    async lookup(tenantId: string) {
      counted.lookups += 1;
      if (counted.lookups <= failures) throw new Error('directory unavailable');
      return inner.lookup(tenantId);
    },
  };
  return counted;
}

describe('Worker with a tenant directory', () => {
  const harness = useWorkerHarness();

  it('runs a free tenant that claims enterprise at free’s timeout, and answers and logs with free', async () => {
    // Prepare: the same forged claim from a free tenant and a real enterprise tenant
    const seen: string[] = [];
    const logger = recordingLogger();
    const events: WorkerEvent[] = [];
    const forged = anAction(
      'jobs.slow',
      { email: 'ana.lopez@example.com' },
      { tenantId: 'small', tier: 'enterprise', callbackQueue: 'callbacks' },
    );
    await harness.send('jobs', forged);
    await harness.send('jobs', anAction('jobs.slow', {}, { tenantId: 'big', tier: 'enterprise' }));

    // Act
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      tenants: new InMemoryTenantDirectory([FREE, ENTERPRISE]),
      handlerTimeoutsMs: TIMEOUTS,
      maxAttempts: 1,
      logger,
      onEvent: (event) => events.push(event),
    });
    await eventually(() => worker.stats().succeeded + worker.stats().deadLettered === 2, 10_000);

    // Assess: the forged one timed out at free's 50 ms; the enterprise one ran its 400 ms
    expect(seen.sort()).toEqual(['enterprise', 'free']);
    expect(worker.stats()).toMatchObject({ succeeded: 1, deadLettered: 1 });
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead?.body).toBe(JSON.stringify(forged));
    expect(readDeadLetterRecord(dead ?? { attributes: {} })).toMatchObject({
      reason: 'max_attempts_exceeded',
      error_code: 'HANDLER_TIMEOUT',
      tenant_id: 'small',
    });
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}')).toMatchObject({
      tenant_id: 'small',
      tenant_tier: 'free',
      data: { ok: false, error: { code: 'HANDLER_TIMEOUT' } },
    });
    const mismatch = logger.warnings.filter(([message]) => message.includes('tier'));
    expect(mismatch).toEqual([
      [
        expect.stringContaining('claims another tenant tier'),
        expect.objectContaining({
          actionId: forged.action_id,
          claimedTier: 'enterprise',
          tier: 'free',
        }),
      ],
    ]);
    expect(JSON.stringify(logger.warnings)).not.toContain('ana.lopez');
  });

  it('dead-letters an unknown tenant’s action as unknown_tenant, whole, without running it', async () => {
    // Prepare
    const seen: string[] = [];
    const stranger = anAction('jobs.slow', {}, { tenantId: 'stranger', tier: 'enterprise' });
    await harness.send('jobs', stranger);

    // Act
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      tenants: new InMemoryTenantDirectory([FREE]),
    });
    await eventually(() => worker.stats().deadLettered === 1);
    await worker.stop();

    // Assess: acknowledged on its queue, whole on the dead-letter queue
    expect(seen).toEqual([]);
    expect(worker.stats().deadLetteredByReason).toEqual({ unknown_tenant: 1 });
    const dead = harness.queue.drain('jobs-dlq');
    expect(dead.map((message) => message.body)).toEqual([JSON.stringify(stranger)]);
    expect(readDeadLetterRecord(dead[0] ?? { attributes: {} })).toMatchObject({
      reason: 'unknown_tenant',
      tenant_id: 'stranger',
      action_id: stranger.action_id,
    });
    expect(harness.queue.drain('jobs')).toEqual([]);
  });

  it('dead-letters a suspended tenant’s actions as tenant_suspended, and runs them again once it is reactivated', async () => {
    // Prepare
    const seen: string[] = [];
    const directory = new InMemoryTenantDirectory([{ ...FREE, status: 'suspended' }]);
    const first = anAction('jobs.slow', {}, { tenantId: 'small', tier: 'free' });
    await harness.send('jobs', first);

    // Act: suspended, then reactivated (no cache, so the change shows at once)
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      tenants: new CachingTenantDirectory(directory, { ttlMs: 0, negativeTtlMs: 0 }),
      handlerTimeoutsMs: { free: 10_000 },
    });
    await eventually(() => worker.stats().deadLettered === 1);
    await directory.setStatus('small', 'active');
    await harness.send('jobs', anAction('jobs.slow', {}, { tenantId: 'small', tier: 'free' }));
    await eventually(() => worker.stats().succeeded === 1);

    // Assess
    expect(worker.stats().deadLetteredByReason).toEqual({ tenant_suspended: 1 });
    const dead = harness.queue.drain('jobs-dlq');
    expect(dead.map((message) => message.body)).toEqual([JSON.stringify(first)]);
    expect(readDeadLetterRecord(dead[0] ?? { attributes: {} })?.reason).toBe('tenant_suspended');
    expect(seen).toEqual(['free']);
  });

  it('asks the directory once per tenant while its answer is fresh, not once per action', async () => {
    // Prepare
    const directory = countingDirectory(new InMemoryTenantDirectory([FREE, ENTERPRISE]));
    const quick = defineActionHandler({
      type: 'jobs.quick',
      schema: z.object({}),
      handle: async () => 'ok',
    });
    for (let i = 0; i < 20; i += 1) {
      await harness.send('jobs', anAction('jobs.quick', {}, { tenantId: i % 2 ? 'small' : 'big' }));
    }

    // Act
    const worker = harness.startWorker({ handlers: [quick], tenants: directory, concurrency: 5 });
    await eventually(() => worker.stats().succeeded === 20);

    // Assess: one read per tenant (concurrent misses share one read)
    expect(directory.lookups).toBe(2);
  });

  it('retries an action when the directory cannot answer, and loses nothing', async () => {
    // Prepare
    const directory = countingDirectory(new InMemoryTenantDirectory([FREE]), 1);
    const quick = defineActionHandler({
      type: 'jobs.quick',
      schema: z.object({}),
      handle: async () => 'ok',
    });
    const events: string[] = [];
    await harness.send('jobs', anAction('jobs.quick', {}, { tenantId: 'small' }));

    // Act
    const worker = harness.startWorker({
      handlers: [quick],
      tenants: directory,
      retry: { baseSeconds: 1, maxSeconds: 1 },
      onEvent: (event) => events.push(event.type),
    });
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(events).toEqual(['retried', 'succeeded']);
    expect(harness.queue.drain('jobs-dlq')).toEqual([]);
  });

  it('gives the rate limiter the directory’s tier and the tenant’s own limits, not the claim', async () => {
    // Prepare: a free tenant with its own 2-a-minute quota claims enterprise (unlimited)
    const directory = new InMemoryTenantDirectory([{ ...FREE, limits: { perMinute: 2 } }]);
    const quick = defineActionHandler({
      type: 'jobs.quick',
      schema: z.object({}),
      handle: async () => 'ok',
    });
    for (let i = 0; i < 4; i += 1) {
      await harness.send(
        'jobs',
        anAction('jobs.quick', {}, { tenantId: 'small', tier: 'enterprise' }),
      );
    }

    // Act
    const worker = harness.startWorker({
      handlers: [quick],
      tenants: directory,
      rateLimiter: new InMemoryRateLimiter(),
      concurrency: 1,
    });
    await eventually(() => worker.stats().succeeded + worker.stats().deferred === 4);

    // Assess
    expect(worker.stats()).toMatchObject({ succeeded: 2, deferred: 2 });
  });

  it('runs with the tenant’s own handler timeout when its record sets one', async () => {
    // Prepare: enterprise tier (10 s here), but this tenant's own limit is 50 ms
    const seen: string[] = [];
    const directory = new InMemoryTenantDirectory([
      { ...ENTERPRISE, limits: { handlerTimeoutMs: 50 } },
    ]);
    await harness.send('jobs', anAction('jobs.slow', {}, { tenantId: 'big', tier: 'enterprise' }));

    // Act
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      tenants: directory,
      handlerTimeoutsMs: TIMEOUTS,
      maxAttempts: 1,
    });
    await eventually(() => worker.stats().deadLettered === 1, 10_000);

    // Assess
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(readDeadLetterRecord(dead ?? { attributes: {} })?.error_code).toBe('HANDLER_TIMEOUT');
  });
});

describe('Worker without a tenant directory', () => {
  const harness = useWorkerHarness();

  it('runs each action at its queue’s tier whatever its message claims, and logs the claim', async () => {
    // Prepare
    const seen: string[] = [];
    const logger = recordingLogger();
    const forged = anAction('jobs.slow', {}, { tenantId: 'small', tier: 'enterprise' });
    await harness.send('jobs', forged);

    // Act
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      queues: [{ name: 'jobs', tier: 'free' }],
      handlerTimeoutsMs: TIMEOUTS,
      maxAttempts: 1,
      logger,
    });
    await eventually(() => worker.stats().deadLettered === 1, 10_000);

    // Assess
    expect(seen).toEqual(['free']);
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(readDeadLetterRecord(dead ?? { attributes: {} })?.error_code).toBe('HANDLER_TIMEOUT');
    expect(logger.warnings).toContainEqual([
      expect.stringContaining('claims another tenant tier'),
      expect.objectContaining({ claimedTier: 'enterprise', tier: 'free', queue: 'jobs' }),
    ]);
  });

  it('runs a single queue’s actions at enterprise by default, as before', async () => {
    // Prepare
    const seen: string[] = [];
    await harness.send('jobs', anAction('jobs.slow', {}, { tenantId: 'small', tier: 'free' }));

    // Act
    const worker = harness.startWorker({
      handlers: [slowHandler(seen)],
      handlerTimeoutsMs: TIMEOUTS,
      maxAttempts: 1,
    });
    await eventually(() => worker.stats().succeeded === 1, 10_000);

    // Assess
    expect(seen).toEqual(['enterprise']);
  });
});

describe('createSqsHandler with a tenant directory', () => {
  const ARN = 'arn:aws:sqs:us-east-1:123456789012:jobs';
  const aRecord = (body: string, messageId: string): SqsEventRecord => ({
    messageId,
    receiptHandle: `r-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    eventSourceARN: ARN,
  });

  it('runs known tenants at their tier and dead-letters unknown and suspended ones', async () => {
    // Prepare
    const queue = new InMemoryMessageQueue({ queues: { 'jobs-dlq': {} } });
    const seen: string[] = [];
    const spy = defineActionHandler({
      type: 'jobs.spy',
      schema: z.object({}),
      async handle(_data, { action }) {
        seen.push(`${action.tenant_id}:${action.tenant_tier}`);
      },
    });
    const handler = createSqsHandler({
      handlers: [spy],
      queue,
      tenants: new InMemoryTenantDirectory([FREE, { ...ENTERPRISE, status: 'suspended' }]),
    });
    const claims = [
      anAction('jobs.spy', {}, { tenantId: 'small', tier: 'enterprise' }),
      anAction('jobs.spy', {}, { tenantId: 'stranger', tier: 'free' }),
      anAction('jobs.spy', {}, { tenantId: 'big', tier: 'enterprise' }),
    ];

    // Act
    const response = await handler({
      Records: claims.map((action, i) => aRecord(JSON.stringify(action), `m-${i}`)),
    });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['small:free']);
    const reasons = queue
      .drain('jobs-dlq')
      .map((message) => readDeadLetterRecord(message)?.reason)
      .sort();
    expect(reasons).toEqual(['tenant_suspended', 'unknown_tenant']);
    queue.close();
  });
});
