// The worker process of the crash test (test/worker/crash.test.ts): SQS on moto_server,
// effects in PostgreSQL, killed with SIGKILL at random moments by the test.
// Env: MOTO_URL, AWS_REGION_UNDER_TEST, QUEUE_NAME, DATABASE_URL.
import { SQSClient } from '@aws-sdk/client-sqs';
import { KyselyUnitOfWork, openPostgres } from '@baltra/sdk/postgres';
import { SqsMessageQueue } from '@baltra/sdk/sqs';
import { anEvent, silentLogger } from '@baltra/sdk/testing';
import { defineActionHandler, Worker } from '@baltra/sdk/worker';
import { z } from 'zod';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = openPostgres({ connectionString: env('DATABASE_URL'), poolSize: 8 });
const queue = new SqsMessageQueue({
  client: new SQSClient({
    endpoint: env('MOTO_URL'),
    region: env('AWS_REGION_UNDER_TEST'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 3,
  }),
});

const record = defineActionHandler({
  type: 'crash.record',
  schema: z.object({ n: z.number().int() }),
  async handle(data, { action, repositories, receiveCount }) {
    // The effect: one outbox row per action, with no unique key to hide a second one.
    await repositories.outbox.append([
      anEvent({ aggregateId: action.action_id, payload: { n: data.n, receiveCount } }),
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

const worker = new Worker({
  queue,
  queues: [env('QUEUE_NAME')],
  handlers: [record, poison],
  unitOfWork: new KyselyUnitOfWork(db),
  concurrency: 8,
  visibilityTimeoutSeconds: 2,
  waitTimeSeconds: 1,
  maxReceiveCount: 15,
  retry: { baseSeconds: 1, maxSeconds: 1 },
  logger: silentLogger,
}).start();

process.once('SIGTERM', async () => {
  const report = await worker.stop({ timeoutMs: 5_000 });
  await db.destroy();
  process.stdout.write(`${JSON.stringify({ stopped: report, stats: worker.stats() })}\n`);
  process.exit(0);
});
process.stdout.write(`ready ${process.pid}\n`);
