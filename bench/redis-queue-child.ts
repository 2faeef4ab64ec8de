// One contender of bench/redis-queue.ts in its own process (so its RSS is its own):
//   node --import tsx bench/redis-queue-child.ts <sdk|bullmq> <handlerMs> <concurrency> <count>
// Env: REDIS_URL (a redis-server the parent started). The queue is filled with `count`
// DomainActions first (not timed), then the consumer starts and the drain is timed. The same
// zod schema validates each action's data in both contenders; BullMQ jobs are removed on
// completion, as our messages are deleted on acknowledgement. Prints one JSON line.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker as BullWorker, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { distUrl } from './support/dist-url.js';

const { createDomainAction } = (await import(distUrl('index.js'))) as typeof import('@baltra/sdk');
const { createRedisClient, RedisMessageQueue } = (await import(
  distUrl('infra/redis/index.js')
)) as typeof import('@baltra/sdk/redis');
const { silentLogger } = (await import(
  distUrl('infra/testing/index.js')
)) as typeof import('@baltra/sdk/testing');
const { defineActionHandler, Worker } = (await import(
  distUrl('infra/worker/index.js')
)) as typeof import('@baltra/sdk/worker');

const [contender = 'sdk', handlerMsText = '0', concurrencyText = '32', countText = '20000'] =
  process.argv.slice(2);
const handlerMs = Number(handlerMsText);
const concurrency = Number(concurrencyText);
const count = Number(countText);
const redisUrl = process.env.REDIS_URL ?? '';
const queueName = `bench-${randomUUID().slice(0, 8)}`;

const schema = z.object({ candidateId: z.uuid(), sequence: z.number().int() });
const action = (sequence: number) =>
  createDomainAction({
    type: 'bench.noop',
    tenantId: 'acme',
    tier: 'enterprise',
    data: { candidateId: '6f1c1d7e-3c57-4ad3-8f0e-2a4c1f0b9e11', sequence },
  });
const work = async () => {
  if (handlerMs > 0) await sleep(handlerMs);
};

let handled = 0;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function drained(): Promise<void> {
  while (handled < count) await sleep(5);
}

async function runSdk(): Promise<number> {
  const client = await createRedisClient({ url: redisUrl });
  const queue = new RedisMessageQueue(client);
  await queue.createQueue(queueName, { visibilityTimeoutSeconds: 30 });
  for (let sent = 0; sent < count; sent += 1_000) {
    const size = Math.min(1_000, count - sent);
    const outcome = await queue.send(
      queueName,
      Array.from({ length: size }, (_, i) => ({ body: JSON.stringify(action(sent + i)) })),
    );
    if (outcome.failed.length > 0) throw new Error(JSON.stringify(outcome.failed[0]));
  }
  const worker = new Worker({
    queue,
    queues: [queueName],
    handlers: [
      defineActionHandler({
        type: 'bench.noop',
        schema,
        async handle() {
          await work();
        },
      }),
    ],
    concurrency,
    waitTimeSeconds: 1,
    logger: silentLogger,
    onEvent: (event) => {
      if (event.type === 'succeeded') handled += 1;
    },
  });
  const started = performance.now();
  worker.start();
  await drained();
  const ms = performance.now() - started;
  await worker.stop();
  await queue.close?.();
  await client.quit();
  return ms;
}

async function runBullmq(): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection });
  for (let sent = 0; sent < count; sent += 1_000) {
    const size = Math.min(1_000, count - sent);
    await queue.addBulk(
      Array.from({ length: size }, (_, i) => ({
        name: 'bench.noop',
        data: action(sent + i),
        opts: { removeOnComplete: true, removeOnFail: true, attempts: 5 },
      })),
    );
  }
  const worker = new BullWorker(
    queueName,
    async (job) => {
      schema.parse((job.data as { data: unknown }).data);
      await work();
    },
    {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      concurrency,
      autorun: false,
    },
  );
  worker.on('completed', () => {
    handled += 1;
  });
  const started = performance.now();
  void worker.run();
  await drained();
  const ms = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return ms;
}

const ms = contender === 'bullmq' ? await runBullmq() : await runSdk();
clearInterval(sampler);
console.log(
  JSON.stringify({
    contender,
    handlerMs,
    concurrency,
    count,
    ms,
    perSecond: (count / ms) * 1000,
    peakRssMb: peakRss / 2 ** 20,
  }),
);
// BullMQ leaves the worker's blocking connection open after close(); nothing else is pending.
process.exit(0);
