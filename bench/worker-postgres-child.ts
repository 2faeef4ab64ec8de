// One contender of the worker's PostgreSQL-path bench (bench/worker-postgres.ts), in its own
// process: `count` DomainActions through the in-memory queue, each applied in one PostgreSQL
// transaction (the idempotency claim, one outbox row, the stored result).
//   sdk <count>   the Worker with a KyselyUnitOfWork (BENCH_DIST picks the build: ../dist, or
//                 an older build to measure before/after)
//   bare <count>  a hand-written receive → transaction (claim, insert, complete) → delete loop
// Env: DATABASE_URL (a migrated database of its own), BENCH_DIST.
import { z } from 'zod';
import { distUrl } from './support/dist-url.js';

const { createDomainAction } = (await import(distUrl('index.js'))) as typeof import('@baltra/sdk');
const { InMemoryMessageQueue, anEvent } = (await import(
  distUrl('infra/testing/index.js')
)) as typeof import('@baltra/sdk/testing');
const { KyselyUnitOfWork, migrateToLatest, openPostgres } = (await import(
  distUrl('infra/postgres/index.js')
)) as typeof import('@baltra/sdk/postgres');
const { defineActionHandler, Worker } = (await import(
  distUrl('infra/worker/index.js')
)) as typeof import('@baltra/sdk/worker');

const [mode = 'sdk', countText = '5000'] = process.argv.slice(2);
const count = Number(countText);
const CONCURRENCY = 8;
const db = openPostgres({
  connectionString: process.env.DATABASE_URL ?? '',
  poolSize: CONCURRENCY,
});
await migrateToLatest(db);
const uow = new KyselyUnitOfWork(db);
const queue = new InMemoryMessageQueue({ queues: { bench: {}, 'bench-dlq': {} } });
const body = (n: number) =>
  JSON.stringify(
    createDomainAction({ type: 'bench.record', tenantId: 'acme', tier: 'enterprise', data: { n } }),
  );
const record = defineActionHandler({
  type: 'bench.record',
  schema: z.object({ n: z.number().int() }),
  async handle(data, { repositories, action }) {
    await repositories.outbox.append([anEvent({ aggregateId: action.action_id, payload: data })]);
    return { n: data.n };
  },
});

let processed = 0;
async function feed(total: number, until: () => Promise<void>): Promise<void> {
  for (let sent = 0; sent < total; sent += 500) {
    const size = Math.min(500, total - sent);
    await queue.send(
      'bench',
      Array.from({ length: size }, (_, i) => ({ body: body(sent + i) })),
    );
  }
  await until();
}
const waitFor = (target: number) => async () => {
  while (processed < target) await new Promise((resolve) => setTimeout(resolve, 2));
};

async function runWorker(): Promise<number> {
  const worker = new Worker({
    queue,
    queues: ['bench'],
    handlers: [record],
    unitOfWork: uow,
    concurrency: CONCURRENCY,
    prefetch: 64,
    waitTimeSeconds: 1,
    onEvent: (event) => {
      if (event.type === 'succeeded') processed += 1;
    },
  }).start();
  await feed(500, waitFor(500));
  const started = performance.now();
  await feed(count, waitFor(500 + count));
  const ms = performance.now() - started;
  await worker.stop({ timeoutMs: 1_000 });
  const stats = worker.stats();
  if (stats.deadLettered > 0 || stats.retried > 0) throw new Error(JSON.stringify(stats));
  return ms;
}

async function runBare(): Promise<number> {
  let running = true;
  const lane = async () => {
    while (running) {
      const [message] = await queue.receive('bench', { maxMessages: 1, waitTimeSeconds: 1 });
      if (message === undefined) continue;
      const action = JSON.parse(message.body);
      await uow.run(async (repositories) => {
        const key = `bare:${action.tenant_id}/${action.action_id}`;
        const claim = await repositories.idempotency.claim(key);
        if (claim.state === 'completed') return;
        await repositories.outbox.append([
          anEvent({ aggregateId: action.action_id, payload: action.data }),
        ]);
        await repositories.idempotency.complete(key, { n: action.data.n });
      });
      await queue.delete('bench', [message.receiptHandle]);
      processed += 1;
    }
  };
  const lanes = Array.from({ length: CONCURRENCY }, lane);
  await feed(500, waitFor(500));
  const started = performance.now();
  await feed(count, waitFor(500 + count));
  const ms = performance.now() - started;
  running = false;
  queue.close();
  await Promise.all(lanes);
  return ms;
}

const ms = mode === 'bare' ? await runBare() : await runWorker();
queue.close();
await db.destroy();
console.log(JSON.stringify({ mode, count, ms, perSecond: (count / ms) * 1000 }));
