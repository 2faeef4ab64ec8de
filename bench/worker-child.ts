// One worker benchmark contender in its own process (so RSS is its own), fed in chunks of
// 1,000 actions by an in-process producer: `node --expose-gc` via tsx.
//   sdk <count>       the Worker on the in-memory queue, no-op handler, validation included
//   baseline <count>  a hand-written receive → JSON.parse → no-op → delete loop
//   memory <count>    the Worker; RSS before and after `count` actions, after a warm-up
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { distUrl } from './support/dist-url.js';

const { createDomainAction } = (await import(distUrl('index.js'))) as typeof import('@baltra/sdk');
const { InMemoryMessageQueue } = (await import(
  distUrl('infra/testing/index.js')
)) as typeof import('@baltra/sdk/testing');
const { defineActionHandler, Worker } = (await import(
  distUrl('infra/worker/index.js')
)) as typeof import('@baltra/sdk/worker');

const [mode = 'sdk', countText = '100000'] = process.argv.slice(2);
const count = Number(countText);
const CHUNK = 1_000;
const queue = new InMemoryMessageQueue({ queues: { bench: {}, 'bench-dlq': {} } });
// One envelope made and validated up front; each message gets its own action id and sequence,
// so the producer costs little next to what is measured.
const template = JSON.stringify(
  createDomainAction({
    type: 'bench.noop',
    tenantId: 'acme',
    tier: 'enterprise',
    actionId: 'ACTION_ID',
    data: { candidateId: '6f1c1d7e-3c57-4ad3-8f0e-2a4c1f0b9e11', sequence: 0 },
  }),
);
const body = (i: number) =>
  template.replace('ACTION_ID', randomUUID()).replace('"sequence":0', `"sequence":${i}`);
const noop = defineActionHandler({
  type: 'bench.noop',
  schema: z.object({ candidateId: z.uuid(), sequence: z.number().int() }),
  async handle() {},
});

let processed = 0;
let waiting: { target: number; resolve: () => void } | undefined;
function onProcessed(): void {
  processed += 1;
  if (waiting && processed >= waiting.target) {
    waiting.resolve();
    waiting = undefined;
  }
}
const until = (target: number) =>
  processed >= target
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        waiting = { target, resolve };
      });

async function feed(total: number): Promise<void> {
  const start = processed;
  for (let sent = 0; sent < total; sent += CHUNK) {
    const size = Math.min(CHUNK, total - sent);
    await queue.send(
      'bench',
      Array.from({ length: size }, (_, i) => ({ body: body(sent + i) })),
    );
    await until(start + sent + size);
  }
}

function gcAndMemoryMb(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

async function runWorker(warmup: number, measured: number) {
  const worker = new Worker({
    queue,
    queues: ['bench'],
    handlers: [noop],
    concurrency: 64,
    prefetch: 256,
    waitTimeSeconds: 1,
    onEvent: (event) => {
      if (event.type === 'succeeded') onProcessed();
    },
  }).start();
  await feed(warmup);
  const before = gcAndMemoryMb();
  const started = performance.now();
  await feed(measured);
  const ms = performance.now() - started;
  const after = gcAndMemoryMb();
  await worker.stop();
  const stats = worker.stats();
  if (stats.deadLettered > 0 || stats.retried > 0) throw new Error(JSON.stringify(stats));
  return { ms, before, after };
}

async function runBaseline(measured: number) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const messages = await queue.receive('bench', { maxMessages: 10, waitTimeSeconds: 1 });
      for (const message of messages) {
        JSON.parse(message.body);
        await noop.handle({ candidateId: '', sequence: 0 }, undefined as never);
        onProcessed();
      }
      if (messages.length > 0) {
        await queue.delete(
          'bench',
          messages.map((message) => message.receiptHandle),
        );
      }
    }
  })();
  await feed(10_000);
  const started = performance.now();
  await feed(measured);
  const ms = performance.now() - started;
  running = false;
  queue.close();
  await loop;
  return { ms, before: { rss: 0, heap: 0 }, after: { rss: 0, heap: 0 } };
}

const result =
  mode === 'baseline'
    ? await runBaseline(count)
    : await runWorker(mode === 'memory' ? 50_000 : 10_000, count);
queue.close();
console.log(
  JSON.stringify({
    mode,
    count,
    ms: result.ms,
    perSecond: (count / result.ms) * 1000,
    usPerMessage: (result.ms * 1000) / count,
    rssGrowthMb: result.after.rss - result.before.rss,
    heapGrowthMb: result.after.heap - result.before.heap,
    rssAfterMb: result.after.rss,
  }),
);
