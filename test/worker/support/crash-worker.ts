// The worker process of the crash tests (test/worker/crash.test.ts, crash-loop.test.ts,
// crash-on-redis.test.ts): SQS on moto_server or Redis (./crash-worker-queue.ts), effects in
// PostgreSQL, killed with SIGKILL or stopped with SIGTERM by the test (spawned through
// ./worker-processes.ts).
//
// Env (required): QUEUE_NAME, DATABASE_URL; BROKER `sqs` (the default: MOTO_URL,
// AWS_REGION_UNDER_TEST) or `redis` (REDIS_URL, REDIS_KEY_PREFIX).
// Env (optional): CONCURRENCY (8), PREFETCH (the worker's default), VISIBILITY_SECONDS (2),
// MAX_ATTEMPTS (15), MAX_CRASHES (the worker's default), WAIT_SECONDS (1),
// SHUTDOWN_TIMEOUT_MS (5000), RETRY_SECONDS (1), RUNS_LOG (a file the crash.kill handler
// appends its action id to before it kills the process).
//
// Handlers:
// - crash.record {n, sleepMs?}: sleeps sleepMs, then writes one outbox row (aggregate_id the
//   action id, payload {queue: QUEUE_NAME, n, receiveCount, pid, at (epoch ms)}): the effect
//   the tests count.
// - crash.poison {n}: always throws.
// - crash.kill {n}: kills its own process with SIGKILL every time it runs.
//
// Prints `ready <pid>` once polling, and on SIGTERM the JSON line
// `{"stopped": worker.stop()'s report, "stats": worker.stats()}` before exiting.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { KyselyUnitOfWork, openPostgres } from '@baltra/sdk/postgres';
import { anEvent, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, Worker, type WorkerOptions } from '@baltra/sdk/worker';
import { z } from 'zod';
import { openCrashWorkerQueue } from './crash-worker-queue.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const optionalNumber = (name: string): number | undefined => {
  const value = process.env[name];
  return value ? Number(value) : undefined;
};

const queueName = env('QUEUE_NAME');
const concurrency = optionalNumber('CONCURRENCY') ?? 8;
const prefetch = optionalNumber('PREFETCH');
const maxAttempts = optionalNumber('MAX_ATTEMPTS') ?? 15;
const maxCrashes = optionalNumber('MAX_CRASHES');
const retrySeconds = optionalNumber('RETRY_SECONDS') ?? 1;
const runsLog = process.env.RUNS_LOG;

const db = openPostgres({ connectionString: env('DATABASE_URL'), poolSize: concurrency + 2 });
const broker = await openCrashWorkerQueue(env);
const { queue } = broker;

const record = defineActionHandler({
  type: 'crash.record',
  schema: z.object({ n: z.number().int(), sleepMs: z.number().int().optional() }),
  async handle(data, { action, repositories, receiveCount }) {
    if (data.sleepMs) await sleep(data.sleepMs);
    // The effect: one outbox row per action, with no unique key to hide a second one.
    await repositories.outbox.append([
      anEvent({
        aggregateId: action.action_id,
        payload: { queue: queueName, n: data.n, receiveCount, pid: process.pid, at: Date.now() },
      }),
    ]);
    return { n: data.n };
  },
});

const poison = defineActionHandler({
  type: 'crash.poison',
  schema: z.object({ n: z.number().int() }),
  async handle(data) {
    throw new Error(`poison ${data.n} always fails`);
  },
});

const kill = defineActionHandler({
  type: 'crash.kill',
  schema: z.object({ n: z.number().int() }),
  async handle(_data, { action }) {
    if (runsLog) appendFileSync(runsLog, `${action.action_id}\n`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  },
});

// Both the delivery limit of today's worker (maxReceiveCount) and the attempt limit of issue
// #20 (maxAttempts, maxCrashes): the cast keeps this file compiling against either worker.
const options = {
  queue,
  queues: [queueName],
  handlers: [record, poison, kill],
  unitOfWork: new KyselyUnitOfWork(db),
  concurrency,
  ...(prefetch !== undefined && { prefetch }),
  visibilityTimeoutSeconds: optionalNumber('VISIBILITY_SECONDS') ?? 2,
  waitTimeSeconds: optionalNumber('WAIT_SECONDS') ?? 1,
  maxReceiveCount: maxAttempts,
  maxAttempts,
  ...(maxCrashes !== undefined && { maxCrashes }),
  retry: { baseSeconds: retrySeconds, maxSeconds: retrySeconds },
  logger: silentLogger,
} as WorkerOptions;
const worker = new Worker(options).start();

process.once('SIGTERM', async () => {
  const report = await worker.stop({ timeoutMs: optionalNumber('SHUTDOWN_TIMEOUT_MS') ?? 5_000 });
  await db.destroy();
  await broker.close();
  process.stdout.write(`${JSON.stringify({ stopped: report, stats: worker.stats() })}\n`);
  process.exit(0);
});
process.stdout.write(`ready ${process.pid}\n`);
