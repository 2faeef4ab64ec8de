// One worker benchmark contender in its own process (so RSS is its own), fed in chunks of
// 1,000 actions by an in-process producer. Plain `node --expose-gc`, no TypeScript loader: a
// loader would transform the built SDK too (tsx adds a `__name` call per closure, 2 % of the
// Worker's profile), which is not how services run it. Loads the SDK from BENCH_DIST or dist/.
//   sdk <count>       the Worker on the in-memory queue, no-op handler, validation included
//   baseline <count>  a hand-written receive → JSON.parse → no-op → delete loop
//   memory <count>    the Worker; RSS before and after `count` actions, after a warm-up
// Prints one JSON line: wall time and CPU time (all threads, GC included) of `count` actions.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const distRoot = process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname;
const dist = (path) => new URL(path, `file://${distRoot.replace(/\/?$/, '/')}`).href;
const { createDomainAction } = await import(dist('index.js'));
const { InMemoryMessageQueue } = await import(dist('infra/testing/index.js'));
const { defineActionHandler, Worker } = await import(dist('infra/worker/index.js'));

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
const body = (i) =>
  template.replace('ACTION_ID', randomUUID()).replace('"sequence":0', `"sequence":${i}`);
const noop = defineActionHandler({
  type: 'bench.noop',
  schema: z.object({ candidateId: z.uuid(), sequence: z.number().int() }),
  async handle() {},
});

let processed = 0;
let waiting;
function onProcessed() {
  processed += 1;
  if (waiting && processed >= waiting.target) {
    waiting.resolve();
    waiting = undefined;
  }
}
const until = (target) =>
  processed >= target
    ? Promise.resolve()
    : new Promise((resolve) => {
        waiting = { target, resolve };
      });

async function feed(total) {
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

/** `feed(measured)`, timed: wall and CPU milliseconds. */
async function timedFeed(measured) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await feed(measured);
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000 };
}

function gcAndMemoryMb() {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

async function runWorker(warmup, measured) {
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
  const timed = await timedFeed(measured);
  const after = gcAndMemoryMb();
  await worker.stop();
  const stats = worker.stats();
  if (stats.deadLettered > 0 || stats.retried > 0) throw new Error(JSON.stringify(stats));
  return { ...timed, before, after };
}

async function runBaseline(measured) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const messages = await queue.receive('bench', { maxMessages: 10, waitTimeSeconds: 1 });
      for (const message of messages) {
        JSON.parse(message.body);
        await noop.handle({ candidateId: '', sequence: 0 }, undefined);
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
  const timed = await timedFeed(measured);
  running = false;
  queue.close();
  await loop;
  return { ...timed, before: { rss: 0, heap: 0 }, after: { rss: 0, heap: 0 } };
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
    cpuUsPerMessage: (result.cpuMs * 1000) / count,
    rssGrowthMb: result.after.rss - result.before.rss,
    heapGrowthMb: result.after.heap - result.before.heap,
    rssAfterMb: result.after.rss,
  }),
);
