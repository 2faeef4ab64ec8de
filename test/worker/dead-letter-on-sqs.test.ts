// Dead letters of messages that carry many attributes, on moto_server through the real AWS SDK
// client: the worker's copy fits SQS's 10 attributes (before, the six baltra.* attributes on
// top of 5 or more of the user's made the DLQ send fail), and a replay restores them all.
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ReceivedMessage } from '@baltra/sdk';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { silentLogger } from '@baltra/sdk/testing';
import {
  defineActionHandler,
  readDeadLetterRecord,
  replayDeadLetters,
  Worker,
} from '@baltra/sdk/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { receiveAll } from '../dead-letters/dead-letter-tools-contract.js';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { anAction, eventually } from './worker-harness.js';

const attributes = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`user_${i}`, `value-${i}`]));

describeWithMoto('Worker dead letters on SQS (moto_server)', () => {
  let client: SQSClient;
  let queue: SqsMessageQueue;
  const workers: Worker[] = [];

  beforeAll(() => {
    client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region: 'eu-west-3',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    queue = new SqsMessageQueue({ client });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop({ timeoutMs: 1_000 })));
    client.destroy();
  });

  it('dead-letters messages with 9 and 10 user attributes, keeping them all, and a replay restores them', async () => {
    // Prepare
    const name = `many-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(client, name, {
      visibilityTimeoutSeconds: 5,
      deadLetter: { queue: `${name}-dlq`, maxReceiveCount: 10 },
    });
    const nine = anAction('jobs.unknown', { n: 9 });
    const ten = anAction('jobs.unknown', { n: 10 });
    const sent = await queue.send(name, [
      { body: JSON.stringify(nine), attributes: attributes(9) },
      { body: JSON.stringify(ten), attributes: attributes(10) },
    ]);
    const known = defineActionHandler({
      type: 'jobs.known',
      schema: z.object({}),
      async handle() {},
    });

    // Act
    const worker = new Worker({
      queue,
      queues: [name],
      handlers: [known],
      waitTimeSeconds: 1,
      logger: silentLogger,
    });
    workers.push(worker.start());
    await eventually(() => worker.stats().deadLettered === 2, 15_000);
    await worker.stop({ timeoutMs: 2_000 });
    const dead = await receiveAll(queue, `${name}-dlq`);
    const report = await replayDeadLetters(queue, { from: `${name}-dlq`, to: name });
    const replayed = await receiveAll(queue, name);

    // Assess
    expect(sent.failed).toEqual([]);
    const byN = (messages: ReceivedMessage[], n: number) =>
      messages.find((message) => JSON.parse(message.body).data.n === n) as ReceivedMessage;
    const deadNine = byN(dead, 9);
    expect(Object.keys(deadNine.attributes)).toHaveLength(10);
    expect(deadNine.attributes).toMatchObject(attributes(9));
    expect(readDeadLetterRecord(deadNine)).toMatchObject({
      reason: 'unknown_action_type',
      source_queue: name,
      action_id: nine.action_id,
    });
    const deadTen = byN(dead, 10);
    expect(Object.keys(deadTen.attributes)).toHaveLength(10);
    expect(readDeadLetterRecord(deadTen)?.moved_attributes).toEqual({
      user_9: { data_type: 'String', string_value: 'value-9' },
    });
    expect(report).toMatchObject({ replayed: 2, failed: 0 });
    expect(byN(replayed, 9).attributes).toEqual(attributes(9));
    expect(byN(replayed, 10).attributes).toEqual(attributes(10));
    expect(byN(replayed, 10).body).toBe(JSON.stringify(ten));
  });
});
