// The crash test of the worker runtime: a worker process processing 2,000 actions that write
// to PostgreSQL is killed with SIGKILL at random moments and restarted; afterwards every
// action has exactly one effect, none is lost, and the dead-letter queue holds exactly the
// poison messages. Real SQS protocol (moto_server, AWS SDK v3) and a real PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDomainAction } from '@baltra/sdk';
import { migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { leaseRegion, motoUrl } from '../support/moto.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const GOOD = 1_980;
const THROWING = 10;
const INVALID = 10;
const KILLS = Number(process.env.CRASH_TEST_KILLS ?? 6);
const child = fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

describeWithPostgres(
  'Worker crash test: SIGKILL at random moments (moto_server + PostgreSQL)',
  () => {
    const database = useTestDatabase();
    const queueName = `crash-${randomUUID().slice(0, 8)}`;
    let region = '';
    let client: SQSClient;
    let queueUrl = '';
    let deadLetterQueueUrl = '';
    const running = new Set<ChildProcess>();

    beforeAll(async () => {
      if (motoUrl() === null) throw new Error('no moto_server: install moto[server] 5.2.1');
      region = await leaseRegion();
      client = new SQSClient({
        endpoint: motoUrl() ?? '',
        region,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      const ensured = await ensureSqsQueue(client, queueName, {
        visibilityTimeoutSeconds: 2,
        // A backstop only: the worker dead-letters after 15 deliveries with the reason.
        deadLetter: { queue: `${queueName}-dlq`, maxReceiveCount: 50 },
      });
      queueUrl = ensured.queueUrl;
      deadLetterQueueUrl = ensured.deadLetterQueueUrl ?? '';
      const db = openPostgres({ connectionString: database.url });
      await migrateToLatest(db);
      await db.destroy();
    });

    afterAll(() => {
      for (const process of running) process.kill('SIGKILL');
      client?.destroy();
    });

    function start(): Promise<{ process: ChildProcess; output: string[]; workerPid: number }> {
      // One process: tsx as a loader, not its CLI (which would leave the worker orphaned
      // when the CLI is killed).
      const process = spawn(globalThis.process.execPath, ['--import', 'tsx', child], {
        cwd: root,
        env: {
          ...globalThis.process.env,
          MOTO_URL: motoUrl() ?? '',
          AWS_REGION_UNDER_TEST: region,
          QUEUE_NAME: queueName,
          DATABASE_URL: database.url,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      running.add(process);
      process.once('exit', () => running.delete(process));
      const output: string[] = [];
      return new Promise((resolve, reject) => {
        process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          output.push(...chunk.split('\n').filter(Boolean));
          const ready = output.find((line) => line.startsWith('ready '));
          if (ready) resolve({ process, output, workerPid: Number(ready.slice(6)) });
        });
        process.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
      });
    }

    const isAlive = (pid: number) => {
      try {
        globalThis.process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };

    const exited = (process: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (process.exitCode !== null || process.signalCode !== null) resolve();
        else process.once('exit', () => resolve());
      });

    async function queueDepth(url: string): Promise<number> {
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0);
    }

    it('applies every action exactly once and dead-letters exactly the poison ones', async () => {
      // Prepare: 2,000 actions in random order; 20 of them poison.
      const queue = new SqsMessageQueue({ client, queueUrls: { [queueName]: queueUrl } });
      const actions = [
        ...Array.from({ length: GOOD }, (_, n) => ({ type: 'crash.record', data: { n } })),
        ...Array.from({ length: THROWING }, (_, n) => ({ type: 'crash.poison', data: { n } })),
        ...Array.from({ length: INVALID }, (_, n) => ({
          type: 'crash.record',
          data: { n: `x${n}` },
        })),
      ]
        .map((spec) => ({ spec, order: Math.random() }))
        .sort((a, b) => a.order - b.order)
        .map(({ spec }) =>
          createDomainAction<Record<string, unknown>>({
            ...spec,
            tenantId: 'acme',
            tier: 'enterprise',
          }),
        );
      const poisonIds = new Set(
        actions
          .filter((a) => a.action_type === 'crash.poison' || typeof a.data.n === 'string')
          .map((a) => a.action_id),
      );
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      const effects = async () =>
        Number((await pool.query('select count(*) as n from outbox')).rows[0].n);
      // moto_server's ReceiveMessage costs O(queue depth) (~0.45 ms per queued message), so
      // the actions are fed as the worker drains them, keeping about 60 in the queue.
      let fed = 0;
      const progress = async () => (await effects()) + (await queueDepth(deadLetterQueueUrl));
      const feeder = (async () => {
        while (fed < actions.length) {
          if (fed - (await progress()) > 60) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            continue;
          }
          const chunk = actions.slice(fed, fed + 20);
          const sent = await queue.send(
            queueName,
            chunk.map((action) => ({ body: JSON.stringify(action) })),
          );
          expect(sent.failed).toEqual([]);
          fed += chunk.length;
        }
      })();

      // Act: kill the worker at random moments, then let a last one finish the queue.
      const killedAfter: number[] = [];
      const started = Date.now();
      for (let kill = 0; kill < KILLS; kill += 1) {
        const { process, workerPid } = await start();
        const delay = 300 + Math.floor(Math.random() * 1_200);
        await new Promise((resolve) => setTimeout(resolve, delay));
        process.kill('SIGKILL');
        await exited(process);
        // The worker itself is gone, not a wrapper around it.
        expect(workerPid).toBe(process.pid);
        expect(isAlive(workerPid)).toBe(false);
        killedAfter.push(await effects());
      }
      const last = await start();
      await feeder;
      const deadline = Date.now() + 120_000;
      while ((await queueDepth(queueUrl)) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (globalThis.process.env.CRASH_TEST_DEBUG) {
          globalThis.process.stderr.write(
            `${((Date.now() - started) / 1000).toFixed(1)} s: ${await effects()} effects, depth ${await queueDepth(queueUrl)}\n`,
          );
        }
      }
      last.process.kill('SIGTERM');
      await exited(last.process);
      const seconds = (Date.now() - started) / 1000;

      // Assess: one effect per good action, none twice, none lost.
      const rows = await pool.query<{ aggregate_id: string; n: string }>(
        'select aggregate_id, count(*) as n from outbox group by aggregate_id',
      );
      // Actions applied on a later delivery: the kills did interrupt work in flight.
      const { rows: late } = await pool.query<{ n: string }>(
        "select count(*) as n from outbox where (payload->>'receiveCount')::int > 1",
      );
      await pool.end();
      const goodIds = new Set(actions.map((a) => a.action_id).filter((id) => !poisonIds.has(id)));
      const applied = new Map(rows.rows.map((row) => [row.aggregate_id, Number(row.n)]));
      expect(applied.size).toBe(GOOD);
      expect([...applied.keys()].every((id) => goodIds.has(id))).toBe(true);
      expect([...applied.values()].every((count) => count === 1)).toBe(true);
      expect(await queueDepth(queueUrl)).toBe(0);

      const dlq = new SqsMessageQueue({ client, queueUrls: { dlq: deadLetterQueueUrl } });
      const dead: Awaited<ReturnType<SqsMessageQueue['receive']>> = [];
      for (;;) {
        const batch = await dlq.receive('dlq', {
          waitTimeSeconds: 1,
          visibilityTimeoutSeconds: 60,
        });
        if (batch.length === 0) break;
        dead.push(...batch);
      }
      const deadIds = new Set(dead.map((m) => JSON.parse(m.body).action_id as string));
      expect(deadIds).toEqual(poisonIds);
      const reasons = dead.map((m) => m.attributes['baltra.dead_letter_reason']);
      expect(new Set(reasons)).toEqual(new Set(['invalid_data', 'max_receives_exceeded']));

      console.info(
        `crash test: ${actions.length} actions, ${KILLS} SIGKILLs (effects committed before each: ${killedAfter.join(', ')}), ` +
          `${applied.size} applied exactly once (${late[0]?.n} of them on a redelivery), ${dead.length} dead letters (${deadIds.size} distinct, all poison), ${seconds.toFixed(1)} s; ` +
          `last worker: ${last.output.at(-1)}`,
      );
    }, 240_000);
  },
);
