import { anEvent, InMemoryMessageQueue, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import {
  createSqsHandler,
  defineActionHandler,
  readDeadLetterRecord,
  type SqsEventRecord,
} from '@baltra/sdk/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anAction } from './worker-harness.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012:jobs';

function aRecord(body: string, overrides: Partial<SqsEventRecord> = {}): SqsEventRecord {
  const messageId = `m-${Math.random().toString(36).slice(2)}`;
  return {
    messageId,
    receiptHandle: `r-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: { origin: { stringValue: 'test', dataType: 'String' } },
    eventSourceARN: ARN,
    ...overrides,
  };
}

describe('createSqsHandler (AWS Lambda entry)', () => {
  const queue = new InMemoryMessageQueue({
    queues: { 'jobs-dlq': {}, callbacks: {}, 'orders-dlq.fifo': {} },
  });
  afterEach(() => {
    queue.drain('jobs-dlq');
    queue.drain('callbacks');
  });

  let attempts = 0;
  const uow = new InMemoryUnitOfWork();
  const handlers = [
    defineActionHandler({
      type: 'jobs.record',
      schema: z.object({ id: z.string() }),
      async handle(data, { repositories }) {
        await repositories.outbox.append([anEvent({ aggregateId: data.id })]);
        return { id: data.id };
      },
    }),
    defineActionHandler({
      type: 'jobs.flaky',
      schema: z.object({}),
      async handle() {
        attempts += 1;
        throw new Error('downstream timeout');
      },
    }),
  ];

  it('reports only the failed records as batchItemFailures and dead-letters malformed ones', async () => {
    // Prepare
    const handler = createSqsHandler({ handlers, unitOfWork: uow, queue });
    const good = aRecord(
      JSON.stringify(anAction('jobs.record', { id: 'a' }, { callbackQueue: 'callbacks' })),
    );
    const flaky = aRecord(JSON.stringify(anAction('jobs.flaky', {})));
    const broken = aRecord('{"not":"an action"}');

    // Act
    const response = await handler({ Records: [good, flaky, broken] });

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: flaky.messageId }] });
    const [dead] = queue.drain('jobs-dlq');
    expect(dead?.body).toBe(broken.body);
    expect(dead?.attributes).toMatchObject({ origin: 'test' });
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'invalid_envelope',
      source_queue: 'jobs',
    });
    expect(queue.drain('callbacks')).toHaveLength(1);
  });

  it('applies a redelivered record once (unit of work keyed by action id)', async () => {
    // Prepare
    const handler = createSqsHandler({ handlers, unitOfWork: new InMemoryUnitOfWork(), queue });
    const body = JSON.stringify(anAction('jobs.record', { id: 'twice' }));
    const fresh = new InMemoryUnitOfWork();
    const handlerOnFresh = createSqsHandler({ handlers, unitOfWork: fresh });

    // Act
    await handlerOnFresh({ Records: [aRecord(body)] });
    await handlerOnFresh({
      Records: [aRecord(body, { attributes: { ApproximateReceiveCount: '2' } })],
    });

    // Assess
    expect(await fresh.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
    expect(handler).toBeTypeOf('function');
  });

  it('dead-letters a record whose handler failed maxAttempts runs, with its last error', async () => {
    // Prepare
    const handler = createSqsHandler({
      handlers,
      queue,
      unitOfWork: new InMemoryUnitOfWork(),
      maxAttempts: 3,
    });
    const body = JSON.stringify(anAction('jobs.flaky', {}));
    const delivery = (count: number) =>
      aRecord(body, { attributes: { ApproximateReceiveCount: String(count) } });

    // Act: three runs, each failing
    const first = await handler({ Records: [delivery(1)] });
    const second = await handler({ Records: [delivery(2)] });
    const third = await handler({ Records: [delivery(3)] });

    // Assess
    expect(first.batchItemFailures).toHaveLength(1);
    expect(second.batchItemFailures).toHaveLength(1);
    expect(third.batchItemFailures).toEqual([]);
    const [dead] = queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'max_attempts_exceeded',
      error_message: 'downstream timeout',
      failures: 3,
    });
  });

  it('runs a record that throttled invocations delivered many times without ever running it', async () => {
    // Prepare: SQS raised the receive count to 9 without a single run (Lambda throttles).
    const uow = new InMemoryUnitOfWork();
    const handler = createSqsHandler({ handlers, queue, unitOfWork: uow, maxAttempts: 3 });
    const record = aRecord(JSON.stringify(anAction('jobs.record', { id: 'throttled' })), {
      attributes: { ApproximateReceiveCount: '9' },
    });

    // Act
    const response = await handler({ Records: [record] });

    // Assess: applied, not dead-lettered (today's code dead-lettered it as max_receives_exceeded)
    expect(response.batchItemFailures).toEqual([]);
    expect(queue.drain('jobs-dlq')).toEqual([]);
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
  });

  it('without a queue, reports malformed records as failures so the redrive policy moves them', async () => {
    const handler = createSqsHandler({ handlers });
    const broken = aRecord('{oops');
    expect(await handler({ Records: [broken] })).toEqual({
      batchItemFailures: [{ itemIdentifier: broken.messageId }],
    });
  });

  it('on FIFO queues stops at the first failure and returns the rest of the batch', async () => {
    // Prepare
    const before = attempts;
    const handler = createSqsHandler({ handlers, unitOfWork: new InMemoryUnitOfWork() });
    const fifo = { eventSourceARN: `${ARN.replace('jobs', 'orders')}.fifo` };
    const records = [
      aRecord(JSON.stringify(anAction('jobs.record', { id: '1' })), fifo),
      aRecord(JSON.stringify(anAction('jobs.flaky', {})), fifo),
      aRecord(JSON.stringify(anAction('jobs.record', { id: '3' })), fifo),
    ];

    // Act
    const response = await handler({ Records: records });

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      records[1]?.messageId,
      records[2]?.messageId,
    ]);
    expect(attempts - before).toBe(1);
  });
});
