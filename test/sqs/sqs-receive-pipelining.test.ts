import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDomainAction } from '@baltra/sdk';
import { ensureSqsQueue, type SqsClient, SqsMessageQueue } from '@baltra/sdk/sqs';
import { type MessageQueueHarness, messageQueueContract, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, Worker } from '@baltra/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { eventually } from '../support/eventually.js';
import { describeWithMoto, motoUrl } from '../support/moto.js';

const REGION = 'eu-west-3';
const api = { describe, it, beforeAll, afterAll };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function motoSqsClient(): SQSClient {
  const endpoint = motoUrl();
  if (endpoint === null) throw new Error('no moto_server for this test run');
  return new SQSClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** Counts ReceiveMessage calls and the most that were in flight at once. */
function counting(client: SqsClient) {
  const stats = { receives: 0, inFlight: 0, peak: 0 };
  const counted: SqsClient = {
    async send(command, options) {
      if (command.constructor.name !== 'ReceiveMessageCommand')
        return client.send(command, options);
      stats.receives += 1;
      stats.inFlight += 1;
      stats.peak = Math.max(stats.peak, stats.inFlight);
      try {
        return await client.send(command, options);
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
  return { client: counted, stats };
}

async function sendMany(queue: SqsMessageQueue, name: string, count: number): Promise<string[]> {
  const bodies = Array.from({ length: count }, (_, index) => `m${index}`);
  const outcome = await queue.send(
    name,
    bodies.map((body) => ({ body })),
  );
  expect(outcome.failed).toEqual([]);
  return bodies;
}

describeWithMoto(
  'SqsMessageQueue with pipelined receives (receiveConcurrency) on moto_server',
  () => {
    messageQueueContract(
      'SQS, receiveConcurrency 3 (moto_server)',
      async (): Promise<MessageQueueHarness> => {
        const client = motoSqsClient();
        const queue = new SqsMessageQueue({ client, retryBaseDelayMs: 1, receiveConcurrency: 3 });
        return {
          queue,
          rejectsStaleReceiptHandles: false,
          async createQueue({ fifo = false, visibilityTimeoutSeconds, deadLetter }) {
            const suffix = fifo ? '.fifo' : '';
            const name = unique('pipelined') + suffix;
            const dlq = deadLetter && `${name.replace(/\.fifo$/, '')}-dlq${suffix}`;
            await ensureSqsQueue(client, name, {
              visibilityTimeoutSeconds,
              ...(dlq && deadLetter
                ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } }
                : {}),
            });
            return { name, ...(dlq ? { deadLetterQueue: dlq } : {}) };
          },
          async close() {
            await queue.releaseReadAhead();
            client.destroy();
          },
        };
      },
      api,
    );

    describe('read-ahead', () => {
      let raw: SQSClient;
      beforeAll(() => {
        raw = motoSqsClient();
      });
      afterAll(() => {
        raw.destroy();
      });

      it('a consumer that keeps receiving gets every message exactly once, with receives in flight at once', async () => {
        const name = unique('fast');
        await ensureSqsQueue(raw, name, { visibilityTimeoutSeconds: 60 });
        const { client, stats } = counting(raw);
        const queue = new SqsMessageQueue({ client, receiveConcurrency: 3 });
        const bodies = await sendMany(queue, name, 60);

        const received: string[] = [];
        while (received.length < bodies.length) {
          const messages = await queue.receive(name, { maxMessages: 10, waitTimeSeconds: 1 });
          received.push(...messages.map((message) => message.body));
          await queue.delete(
            name,
            messages.map((message) => message.receiptHandle),
          );
        }
        await queue.releaseReadAhead();

        expect(received.sort()).toEqual([...bodies].sort());
        expect(stats.peak).toBeGreaterThan(1);
        expect(stats.peak).toBeLessThanOrEqual(3);
      });

      it('hands back what a consumer did not take after readAheadHoldMs', async () => {
        const name = unique('held');
        await ensureSqsQueue(raw, name, { visibilityTimeoutSeconds: 60 });
        const { client, stats } = counting(raw);
        const pipelined = new SqsMessageQueue({
          client,
          receiveConcurrency: 2,
          readAheadHoldMs: 50,
        });
        const plain = new SqsMessageQueue({ client: raw });
        const bodies = await sendMany(plain, name, 30);

        const first = await pipelined.receive(name, {
          maxMessages: 10,
          visibilityTimeoutSeconds: 60,
        });
        const second = await pipelined.receive(name, {
          maxMessages: 1,
          visibilityTimeoutSeconds: 60,
        });
        // The consumer stops here; whatever the pipelined queue read ahead comes back by itself.
        await eventually(() => stats.inFlight === 0);
        const rest: string[] = [];
        const poll = async () => {
          const messages = await plain.receive(name, { maxMessages: 10 });
          rest.push(...messages.map((message) => message.body));
        };
        while (rest.length + first.length + second.length < bodies.length) await poll();

        expect(
          [...first, ...second]
            .map((message) => message.body)
            .concat(rest)
            .sort(),
        ).toEqual([...bodies].sort());
      });

      it('releaseReadAhead makes read-ahead messages visible at once, long before any hold', async () => {
        const name = unique('drain');
        await ensureSqsQueue(raw, name, { visibilityTimeoutSeconds: 60 });
        const { client, stats } = counting(raw);
        const pipelined = new SqsMessageQueue({
          client,
          receiveConcurrency: 2,
          readAheadHoldMs: 600_000,
        });
        const plain = new SqsMessageQueue({ client: raw });
        const bodies = await sendMany(plain, name, 30);

        const taken = [
          ...(await pipelined.receive(name, { maxMessages: 10, visibilityTimeoutSeconds: 60 })),
          ...(await pipelined.receive(name, { maxMessages: 1, visibilityTimeoutSeconds: 60 })),
        ];
        await eventually(() => stats.inFlight === 0);
        await pipelined.releaseReadAhead();
        const rest: string[] = [];
        while (rest.length + taken.length < bodies.length) {
          const messages = await plain.receive(name, { maxMessages: 10, waitTimeSeconds: 1 });
          expect(messages.length).toBeGreaterThan(0);
          rest.push(...messages.map((message) => message.body));
        }
        expect(
          taken
            .map((message) => message.body)
            .concat(rest)
            .sort(),
        ).toEqual([...bodies].sort());
      });

      it("Worker.stop() hands back the queue's read-ahead at once: nothing stays held for readAheadHoldMs", async () => {
        const name = unique('worker-stop');
        await ensureSqsQueue(raw, name, { visibilityTimeoutSeconds: 60 });
        const pipelined = new SqsMessageQueue({
          client: raw,
          receiveConcurrency: 3,
          readAheadHoldMs: 600_000,
        });
        const plain = new SqsMessageQueue({ client: raw });
        const total = 40;
        await plain.send(
          name,
          Array.from({ length: total }, (_, n) => ({
            body: JSON.stringify(
              createDomainAction({
                type: 'pipelined.record',
                tenantId: 'acme',
                data: { n },
              }),
            ),
          })),
        );
        const done: number[] = [];
        const worker = new Worker({
          queue: pipelined,
          queues: [name],
          handlers: [
            defineActionHandler({
              type: 'pipelined.record',
              schema: z.object({ n: z.number() }),
              async handle({ n }) {
                done.push(n);
              },
            }),
          ],
          concurrency: 1,
          prefetch: 1,
          logger: silentLogger,
        });
        worker.start();
        await eventually(() => done.length >= 3);

        await worker.stop();
        const rest: string[] = [];
        for (let polls = 0; polls < 20 && rest.length + done.length < total; polls += 1) {
          const messages = await plain.receive(name, { maxMessages: 10, waitTimeSeconds: 1 });
          rest.push(...messages.map((message) => message.body));
        }

        expect(rest.length + done.length).toBe(total);
      });

      it('receives from FIFO queues one call at a time', async () => {
        const name = `${unique('ordered')}.fifo`;
        await ensureSqsQueue(raw, name);
        const { client, stats } = counting(raw);
        const queue = new SqsMessageQueue({ client, receiveConcurrency: 3 });
        await queue.send(
          name,
          Array.from({ length: 6 }, (_, index) => ({
            body: `m${index}`,
            groupId: 'g',
            deduplicationId: `d${index}`,
          })),
        );
        const received: string[] = [];
        for (let call = 1; received.length < 6; call += 1) {
          const messages = await queue.receive(name, { maxMessages: 2, waitTimeSeconds: 1 });
          received.push(...messages.map((message) => message.body));
          await queue.delete(
            name,
            messages.map((message) => message.receiptHandle),
          );
          expect(stats.receives).toBe(call);
        }
        expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
        expect(stats.peak).toBe(1);
      });

      it('refuses a receiveConcurrency outside 1–10', () => {
        expect(() => new SqsMessageQueue({ client: raw, receiveConcurrency: 0 })).toThrow(
          RangeError,
        );
        expect(() => new SqsMessageQueue({ client: raw, receiveConcurrency: 11 })).toThrow(
          /receiveConcurrency must be an integer from 1 to 10/,
        );
        expect(() => new SqsMessageQueue({ client: raw, readAheadHoldMs: -1 })).toThrow(RangeError);
      });
    });
  },
);
