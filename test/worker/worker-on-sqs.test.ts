// The worker runtime with the real AWS SDK client against moto_server: dead letters with
// reasons, callbacks, and FIFO group order under concurrency.
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDomainAction } from '@baltra/sdk';
import { KyselyUnitOfWork, migrateToLatest, openPglite } from '@baltra/sdk/postgres';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { anEvent, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, OutboxRelay, readDeadLetterRecord, Worker } from '@baltra/sdk/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { eventually } from './worker-harness.js';

describeWithMoto('Worker on SQS (moto_server)', () => {
  let client: SQSClient;
  let queue: SqsMessageQueue;
  const workers: Worker[] = [];

  beforeAll(() => {
    client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    queue = new SqsMessageQueue({ client });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop({ timeoutMs: 1_000 })));
    client.destroy();
  });

  async function drain(name: string) {
    const messages = [];
    for (;;) {
      const batch = await queue.receive(name, { waitTimeSeconds: 1, visibilityTimeoutSeconds: 60 });
      if (batch.length === 0) return messages;
      messages.push(...batch);
    }
  }

  it('processes actions, answers callbacks and dead-letters bad input with its reason', async () => {
    // Prepare
    const name = `jobs-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(client, name, {
      visibilityTimeoutSeconds: 5,
      deadLetter: { queue: `${name}-dlq`, maxReceiveCount: 10 },
    });
    await ensureSqsQueue(client, `${name}-callbacks`);
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
    const [callback] = await drain(`${name}-callbacks`);
    expect(JSON.parse(callback?.body ?? '{}').data).toMatchObject({
      ok: true,
      result: { value: 7 },
    });
    const dead = await drain(`${name}-dlq`);
    expect(dead.map((m) => readDeadLetterRecord(m)?.reason).sort()).toEqual([
      'invalid_json',
      'unknown_action_type',
    ]);
  });

  it('runs a FIFO group one message at a time, in order, even with free slots', async () => {
    // Prepare
    const name = `orders-${randomUUID().slice(0, 8)}.fifo`;
    await ensureSqsQueue(client, name, { visibilityTimeoutSeconds: 5 });
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
    await ensureSqsQueue(client, name);
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
});
