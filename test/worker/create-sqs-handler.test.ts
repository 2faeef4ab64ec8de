import { anEvent, InMemoryMessageQueue, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { createSqsHandler, defineActionHandler, type SqsEventRecord } from '@baltra/sdk/worker';
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
    expect(dead?.attributes).toMatchObject({
      origin: 'test',
      'baltra.dead_letter_reason': 'invalid_envelope',
      'baltra.source_queue': 'jobs',
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

  it('dead-letters a record that failed on its last allowed delivery, with its last error', async () => {
    // Prepare
    const handler = createSqsHandler({ handlers, queue, maxReceiveCount: 3 });
    const record = aRecord(JSON.stringify(anAction('jobs.flaky', {})), {
      attributes: { ApproximateReceiveCount: '3' },
    });

    // Act
    const response = await handler({ Records: [record] });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [dead] = queue.drain('jobs-dlq');
    expect(dead?.attributes).toMatchObject({
      'baltra.dead_letter_reason': 'max_receives_exceeded',
      'baltra.error_message': 'downstream timeout',
    });
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
