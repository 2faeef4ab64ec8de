// The Worker runtime, unchanged, on RedisMessageQueue: dead letters with reasons on a Redis
// dead-letter queue, callbacks, FIFO group order under concurrency, the outbox relay onto a
// Redis queue, and a redis-server SIGKILLed and restarted under the worker (it reconnects,
// nothing is lost, every action's effect happens exactly once).
import { randomUUID } from 'node:crypto';
import { createDomainAction } from '@baltra/sdk';
import { KyselyUnitOfWork, migrateToLatest, openPglite } from '@baltra/sdk/postgres';
import { createRedisClient, RedisMessageQueue } from '@baltra/sdk/redis';
import { anEvent, silentLogger } from '@baltra/sdk/testing';
import {
  defineActionHandler,
  OutboxRelay,
  readDeadLetterRecord,
  Worker,
  type WorkerEvent,
} from '@baltra/sdk/worker';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';
import { eventually, recordHandler } from '../worker/worker-harness.js';

describeWithRedis('Worker on Redis (RedisMessageQueue)', () => {
  let redis: Redis;
  let queue: RedisMessageQueue;
  const workers: Worker[] = [];

  beforeAll(async () => {
    redis = await testRedisClient();
    queue = new RedisMessageQueue(redis, { keyPrefix: uniqueKeyPrefix('worker') });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop({ timeoutMs: 1_000 })));
  });
  afterAll(async () => {
    queue.close();
    await redis.quit();
  });

  async function drain(on: RedisMessageQueue, name: string) {
    const messages = [];
    for (;;) {
      const batch = await on.receive(name, { waitTimeSeconds: 1 });
      if (batch.length === 0) return messages;
      messages.push(...batch);
      await on.delete(
        name,
        batch.map((message) => message.receiptHandle),
      );
    }
  }

  it('processes actions, answers callbacks and dead-letters bad input with its reason', async () => {
    // Prepare
    const name = `jobs-${randomUUID().slice(0, 8)}`;
    await queue.createQueue(name, {
      visibilityTimeoutSeconds: 5,
      deadLetter: { queue: `${name}-dlq`, maxReceiveCount: 10 },
    });
    await queue.createQueue(`${name}-callbacks`);
    const echo = defineActionHandler({
      type: 'jobs.echo',
      schema: z.object({ value: z.number() }),
      async handle(data) {
        return { value: data.value };
      },
    });
    const good = createDomainAction({
      type: 'jobs.echo',
      tenantId: 'acme',
      data: { value: 7 },
      callbackQueue: `${name}-callbacks`,
    });
    await queue.send(name, [
      { body: JSON.stringify(good) },
      { body: 'not json' },
      { body: JSON.stringify({ ...good, action_id: randomUUID(), action_type: 'jobs.other' }) },
    ]);

    // Act
    const worker = new Worker({
      queue,
      queues: [name],
      handlers: [echo],
      waitTimeSeconds: 1,
      logger: silentLogger,
    });
    workers.push(worker.start());
    await eventually(
      () => worker.stats().succeeded === 1 && worker.stats().deadLettered === 2,
      15_000,
    );

    // Assess
    const [callback] = await drain(queue, `${name}-callbacks`);
    expect(JSON.parse(callback?.body ?? '{}').data).toMatchObject({
      ok: true,
      result: { value: 7 },
    });
    const dead = await drain(queue, `${name}-dlq`);
    expect(dead.map((m) => readDeadLetterRecord(m)?.reason).sort()).toEqual([
      'invalid_json',
      'unknown_action_type',
    ]);
    expect(await queue.peek(name)).toEqual([]);
  });

  it('runs a FIFO group one message at a time, in order, even with free slots', async () => {
    // Prepare
    const name = `orders-${randomUUID().slice(0, 8)}.fifo`;
    await queue.createQueue(name, { visibilityTimeoutSeconds: 5 });
    const seen: string[] = [];
    let running = 0;
    let overlap = false;
    let failedOnce = false;
    const step = defineActionHandler({
      type: 'orders.step',
      schema: z.object({ group: z.string(), n: z.number() }),
      async handle(data) {
        running += 1;
        if (running > 2) overlap = true;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        if (data.group === 'a' && data.n === 1 && !failedOnce) {
          failedOnce = true;
          throw new Error('transient failure in the middle of group a');
        }
        seen.push(`${data.group}${data.n}`);
      },
    });
    const messages = ['a', 'b'].flatMap((group) =>
      Array.from({ length: 4 }, (_, n) => {
        const action = createDomainAction({
          type: 'orders.step',
          tenantId: 'acme',
          data: { group, n },
        });
        return { body: JSON.stringify(action), groupId: group, deduplicationId: action.action_id };
      }),
    );
    await queue.send(name, messages);

    // Act
    const worker = new Worker({
      queue,
      queues: [name],
      handlers: [step],
      concurrency: 8,
      waitTimeSeconds: 1,
      retry: { baseSeconds: 1, maxSeconds: 1 },
      logger: silentLogger,
    });
    workers.push(worker.start());
    await eventually(() => worker.stats().succeeded === 8, 20_000);

    // Assess: each group in order despite 8 slots and a retry; at most one per group at once.
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(overlap).toBe(false);
  });

  it('relays outbox events committed on PGlite to a FIFO queue, grouped by aggregate', async () => {
    // Prepare
    const name = `events-${randomUUID().slice(0, 8)}.fifo`;
    await queue.createQueue(name);
    const db = openPglite();
    await migrateToLatest(db);
    const uow = new KyselyUnitOfWork(db);
    const events = ['a', 'b', 'a'].map((aggregateId) => anEvent({ aggregateId }));
    await uow.run(({ outbox }) => outbox.append(events));

    // Act
    const round = await new OutboxRelay({ unitOfWork: uow, queue, destination: name }).relayOnce();
    const pending = await uow.run(({ outbox }) => outbox.pending(10));
    await db.destroy();

    // Assess
    expect(round).toEqual({ published: 3, heldBack: 0, skipped: false });
    expect(pending).toEqual([]);
    const received = [];
    for (;;) {
      const batch = await queue.receive(name, { waitTimeSeconds: 1 });
      if (batch.length === 0) break;
      received.push(...batch);
      await queue.delete(
        name,
        batch.map((m) => m.receiptHandle),
      );
    }
    expect(received.map((m) => [m.groupId, JSON.parse(m.body).event_id])).toEqual(
      events.map((event) => [event.aggregateId, event.id]),
    );
  });

  it('keeps going across a redis-server SIGKILL and restart: 0 lost, each effect exactly once', async () => {
    // Prepare: a server of its own, a PGlite unit of work (idempotency store, effects).
    const server = await startRedisServer();
    const own = asIoRedis(
      await createRedisClient({
        url: server.url,
        maxRetries: 1,
        commandTimeoutMs: 1_000,
      }),
    );
    const onOwn = new RedisMessageQueue(own);
    const db = openPglite();
    try {
      await migrateToLatest(db);
      const uow = new KyselyUnitOfWork(db);
      await onOwn.createQueue('jobs', {
        deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 50 },
      });
      const actions = Array.from({ length: 80 }, (_, n) =>
        createDomainAction({ type: 'jobs.record', tenantId: 'acme', data: { n } }),
      );
      await onOwn.send(
        'jobs',
        actions.map((action) => ({ body: JSON.stringify(action) })),
      );
      const slowRecord = defineActionHandler({
        ...recordHandler,
        async handle(data, context) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          return recordHandler.handle(data, context);
        },
      });
      const events: WorkerEvent[] = [];

      // Act: kill the server once a quarter is done, bring it back, wait for the rest.
      const worker = new Worker({
        queue: onOwn,
        queues: ['jobs'],
        handlers: [slowRecord],
        unitOfWork: uow,
        concurrency: 8,
        waitTimeSeconds: 1,
        visibilityTimeoutSeconds: 3,
        logger: silentLogger,
        onEvent: (event) => events.push(event),
      });
      workers.push(worker.start());
      await eventually(() => worker.stats().succeeded >= 20, 20_000);
      await server.kill();
      await eventually(() => events.some((event) => event.type === 'poll-failed'), 10_000);
      await server.restart();
      const effects = async () =>
        (await uow.run(({ outbox }) => outbox.pending(1_000))).map((entry) => entry.aggregateId);
      await expect
        .poll(async () => new Set(await effects()).size, { timeout: 40_000, interval: 200 })
        .toBe(actions.length);
      await expect.poll(() => onOwn.peek('jobs'), { timeout: 20_000, interval: 200 }).toEqual([]);

      // Assess
      const applied = await effects();
      expect(applied.sort()).toEqual(actions.map((action) => action.action_id).sort());
      expect(worker.stats().deadLettered).toBe(0);
      expect(await onOwn.peek('jobs-dlq')).toEqual([]);
    } finally {
      await Promise.all(workers.splice(0).map((worker) => worker.stop({ timeoutMs: 1_000 })));
      onOwn.close();
      own.disconnect();
      await db.destroy();
      await server.stop();
    }
  });
});
