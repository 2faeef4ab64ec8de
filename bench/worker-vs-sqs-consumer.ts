// Throughput on moto_server: our Worker against sqs-consumer (the library most Node services
// use for this job), same handler (10 ms of simulated I/O), same kind of queue, 2,000 messages
// each, rounds interleaved. Both get 10 messages per receive and at most 10 handlers at once
// (sqs-consumer's batchSize 10 runs a batch in parallel and waits for all of it before polling
// again; ours polls again as slots free and deletes in batches).
//
// moto_server's ReceiveMessage costs O(queue depth) (~0.45 ms per queued message on this
// machine), which would make both contenders measure moto rather than themselves; so one
// producer feeds each run, keeping about 50 messages in the queue.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { z } from 'zod';
import { freePort } from '../test/support/free-port.js';
import { distUrl } from './support/dist-url.js';
import { median } from './support/stats.js';

const { createDomainAction } = (await import(distUrl('index.js'))) as typeof import('@baltra/sdk');
const { ensureSqsQueue, SqsMessageQueue } = (await import(
  distUrl('infra/sqs/index.js')
)) as typeof import('@baltra/sdk/sqs');
const { silentLogger } = (await import(
  distUrl('infra/testing/index.js')
)) as typeof import('@baltra/sdk/testing');
const { defineActionHandler, Worker } = (await import(
  distUrl('infra/worker/index.js')
)) as typeof import('@baltra/sdk/worker');

const QUEUE_DEPTH = Number(process.env.BENCH_QUEUE_DEPTH ?? 30);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Contender = (queueUrl: string, onHandled: () => void) => Promise<() => Promise<void>>;

export async function benchWorkerVsSqsConsumer(
  messages: number,
  rounds: number,
): Promise<string[]> {
  const port = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForMoto(endpoint);
    const client = new SQSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      maxAttempts: 3,
    });
    const queue = new SqsMessageQueue({ client });
    const body = JSON.stringify(
      createDomainAction({
        type: 'bench.io',
        tenantId: 'acme',
        tier: 'enterprise',
        data: { n: 0 },
      }),
    );

    const ours: Contender = async (queueUrl, onHandled) => {
      const name = queueUrl.split('/').at(-1) ?? '';
      const worker = new Worker({
        queue,
        queues: [name],
        handlers: [
          defineActionHandler({
            type: 'bench.io',
            schema: z.object({ n: z.number() }),
            async handle() {
              await sleep(10);
              onHandled();
            },
          }),
        ],
        concurrency: 10,
        prefetch: Number(process.env.BENCH_PREFETCH ?? 10),
        waitTimeSeconds: 1,
        logger: silentLogger,
      }).start();
      return async () => {
        await worker.stop();
      };
    };

    const theirs: Contender = async (queueUrl, onHandled) => {
      const consumer = Consumer.create({
        queueUrl,
        sqs: client,
        batchSize: 10,
        waitTimeSeconds: 1,
        handleMessage: async (message) => {
          JSON.parse(message.Body ?? '{}');
          await sleep(10);
          onHandled();
          return message;
        },
      });
      consumer.on('error', () => undefined);
      consumer.start();
      return async () => {
        consumer.stop({ abort: true });
      };
    };

    async function run(contender: Contender): Promise<number> {
      const name = `bench-${randomUUID().slice(0, 8)}`;
      const { queueUrl } = await ensureSqsQueue(client, name, { visibilityTimeoutSeconds: 30 });
      let handled = 0;
      let done: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      const stop = await contender(queueUrl, () => {
        handled += 1;
        if (handled === messages) done();
      });
      const started = performance.now();
      let sent = 0;
      while (sent < messages) {
        if (sent - handled >= QUEUE_DEPTH) {
          await sleep(2);
          continue;
        }
        const size = Math.min(10, messages - sent);
        await queue.send(
          name,
          Array.from({ length: size }, () => ({ body })),
        );
        sent += size;
      }
      await finished;
      const seconds = (performance.now() - started) / 1000;
      await stop();
      return messages / seconds;
    }

    const samples: Record<'ours' | 'sqsConsumer', number[]> = { ours: [], sqsConsumer: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order =
        round % 2 === 0 ? (['ours', 'sqsConsumer'] as const) : (['sqsConsumer', 'ours'] as const);
      for (const name of order) samples[name].push(await run(name === 'ours' ? ours : theirs));
    }
    client.destroy();
    const ourRate = median(samples.ours);
    const theirRate = median(samples.sqsConsumer);
    const fmt = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
    return [
      `Worker vs sqs-consumer on moto_server (${messages.toLocaleString('en')} messages, 10 ms handler, 10 at once, median of ${rounds})`,
      `  sqs-consumer 14 (batchSize 10):  ${theirRate.toFixed(0)} msg/s  [${fmt(samples.sqsConsumer)}]`,
      `  @baltra/sdk Worker (concurrency 10): ${ourRate.toFixed(0)} msg/s  [${fmt(samples.ours)}]`,
      `  ratio: ${(ourRate / theirRate).toFixed(2)}× sqs-consumer (target ≥ 2×)`,
    ];
  } finally {
    moto.kill();
  }
}

async function waitForMoto(endpoint: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('moto_server did not start');
}
