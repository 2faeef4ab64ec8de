// The moto_server + PostgreSQL set-up of the crash tests: a leased region and SQS client, a
// migrated test database, queues with a dead-letter queue, the effects the crash worker wrote
// (./crash-worker.ts), a feeder that keeps the queue short, and a reader of dead letters that
// understands the attributes of today's worker and of issue #20's, and the record of a Redis
// redrive. The Redis variant is ./redis-crash-rig.ts.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DomainAction } from '@baltra/sdk';
import { migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { leaseRegion, motoUrl } from '../../support/moto.js';
import { useTestDatabase } from '../../support/postgres.js';
import { type StartWorker, useWorkerProcesses, type WorkerProcess } from './worker-processes.js';

/** A dead-lettered message as the tests read it. */
export interface DeadLetter {
  /**
   * The worker's reason; a Redis redrive's (`max_receives_exceeded`); or `undefined` when SQS's
   * redrive policy moved it (no attributes).
   */
  readonly reason: string | undefined;
  readonly actionId: string | undefined;
  /** Deliveries of the message when it was dead-lettered. */
  readonly receiveCount: number | undefined;
  /** Failed handler runs (issue #20's worker only). */
  readonly attempts: number | undefined;
  readonly errorCode: string | undefined;
}

/**
 * Reads a dead letter's metadata: the record a Redis queue's redrive keeps beside the copy
 * (`deadLetter`, the stream field `d` that `RedisMessageQueue.peek` shows; the copy's
 * attributes are the original message's) first, then issue #20's single JSON attribute
 * `baltra.dead_letter`, then today's separate `baltra.dead_letter_reason`,
 * `baltra.receive_count`, … The action id falls back to the body's.
 */
export function readDeadLetter(message: {
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly deadLetter?: {
    readonly reason: string;
    readonly receive_count: number;
    readonly error_code: string;
  };
}): DeadLetter {
  const packed = message.attributes['baltra.dead_letter'];
  const bodyActionId = () => {
    try {
      const id = (JSON.parse(message.body) as { action_id?: unknown }).action_id;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  };
  const number = (value: unknown) =>
    value === undefined || value === null || value === '' ? undefined : Number(value);
  const redriven = message.deadLetter;
  if (redriven !== undefined) {
    return {
      reason: redriven.reason,
      actionId: message.attributes['baltra.action_id'] ?? bodyActionId(),
      receiveCount: number(redriven.receive_count),
      attempts: undefined,
      errorCode: redriven.error_code,
    };
  }
  if (packed !== undefined) {
    const fields = JSON.parse(packed) as Record<string, unknown>;
    return {
      reason: fields.reason as string | undefined,
      actionId: (fields.action_id as string | undefined) ?? bodyActionId(),
      receiveCount: number(fields.receive_count),
      attempts: number(fields.attempts),
      errorCode: fields.error_code as string | undefined,
    };
  }
  return {
    reason: message.attributes['baltra.dead_letter_reason'],
    actionId: message.attributes['baltra.action_id'] ?? bodyActionId(),
    receiveCount: number(message.attributes['baltra.receive_count']),
    attempts: undefined,
    errorCode: message.attributes['baltra.error_code'],
  };
}

/** One effect (outbox row) a crash worker wrote. */
export interface EffectEntry {
  readonly actionId: string;
  readonly receiveCount: number;
  readonly pid: number;
  readonly at: number;
}

/** A queue and its dead-letter queue (on moto or Redis), and the effects its crash workers wrote. */
export interface CrashQueue {
  readonly name: string;
  /** Messages in the queue: visible, in flight and delayed. */
  depth(): Promise<number>;
  deadLetterDepth(): Promise<number>;
  send(actions: readonly DomainAction[]): Promise<void>;
  /**
   * Every message of the dead-letter queue: on SQS received (hidden for a minute afterwards),
   * on Redis read where it is (`peek`).
   */
  drainDeadLetters(): Promise<DeadLetter[]>;
  /** Effects (outbox rows) written by workers of this queue. */
  effects(): Promise<number>;
  /** Effects per action id. */
  effectsByAction(): Promise<Map<string, number>>;
  /** Effects committed on a later delivery than the first. */
  effectsOnRedelivery(): Promise<number>;
  /** Every effect: its action, delivery, worker pid and commit time (epoch ms). */
  effectLog(): Promise<EffectEntry[]>;
  /** Starts a crash worker on this queue; `env` tunes it (see crash-worker.ts). */
  startWorker(env?: Readonly<Record<string, string>>): Promise<WorkerProcess>;
}

export interface CrashRig {
  /**
   * A fresh queue named `{prefix}-{random}` with the given visibility timeout and, as a
   * backstop, SQS's own redrive to `{name}-dlq` after `redriveAfter` receives.
   */
  createQueue(
    prefix: string,
    options: { readonly visibilityTimeoutSeconds: number; readonly redriveAfter: number },
  ): Promise<CrashQueue>;
}

/** Call in a `describeWithPostgres` body: moto, a migrated database, worker processes. */
export function useCrashRig(): CrashRig {
  const database = useTestDatabase();
  const startProcess: StartWorker = useWorkerProcesses();
  let region = '';
  let client: SQSClient | undefined;
  let pool: pg.Pool | undefined;

  beforeAll(async () => {
    if (motoUrl() === null) throw new Error('no moto_server: install moto[server] 5.2.1');
    region = await leaseRegion();
    client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const db = openPostgres({ connectionString: database.url });
    await migrateToLatest(db);
    await db.destroy();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    client?.destroy();
  });

  const sqs = () => client ?? fail('the rig is ready from beforeAll on');
  const db = () => pool ?? fail('the rig is ready from beforeAll on');

  async function depthOf(url: string): Promise<number> {
    const { Attributes } = await sqs().send(
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

  return {
    async createQueue(prefix, options) {
      const name = `${prefix}-${randomUUID().slice(0, 8)}`;
      const deadLetterQueue = `${name}-dlq`;
      const ensured = await ensureSqsQueue(sqs(), name, {
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        deadLetter: { queue: deadLetterQueue, maxReceiveCount: options.redriveAfter },
      });
      const deadLetterUrl = ensured.deadLetterQueueUrl ?? fail('no dead-letter queue');
      const messages = new SqsMessageQueue({
        client: sqs(),
        queueUrls: { [name]: ensured.queueUrl, [deadLetterQueue]: deadLetterUrl },
      });
      return {
        name,
        depth: () => depthOf(ensured.queueUrl),
        deadLetterDepth: () => depthOf(deadLetterUrl),
        async send(actions) {
          const sent = await messages.send(
            name,
            actions.map((action) => ({ body: JSON.stringify(action) })),
          );
          if (sent.failed.length > 0)
            throw new Error(`send failed: ${JSON.stringify(sent.failed)}`);
        },
        async drainDeadLetters() {
          const dead: DeadLetter[] = [];
          for (;;) {
            const batch = await messages.receive(deadLetterQueue, {
              waitTimeSeconds: 1,
              visibilityTimeoutSeconds: 60,
            });
            if (batch.length === 0) return dead;
            dead.push(...batch.map(readDeadLetter));
          }
        },
        ...outboxEffects(db(), name),
        startWorker: (env = {}) =>
          startProcess({
            BROKER: 'sqs',
            MOTO_URL: motoUrl() ?? '',
            AWS_REGION_UNDER_TEST: region,
            QUEUE_NAME: name,
            DATABASE_URL: database.url,
            ...env,
          }),
      };
    },
  };
}

/** The effects readers of a {@link CrashQueue}: the outbox rows its crash workers wrote. */
export function outboxEffects(
  pool: pg.Pool,
  queue: string,
): Pick<CrashQueue, 'effects' | 'effectsByAction' | 'effectsOnRedelivery' | 'effectLog'> {
  return {
    async effects() {
      const { rows } = await pool.query<{ n: string }>(
        "select count(*) as n from outbox where payload->>'queue' = $1",
        [queue],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async effectsByAction() {
      const { rows } = await pool.query<{ aggregate_id: string; n: string }>(
        `select aggregate_id, count(*) as n from outbox
          where payload->>'queue' = $1 group by aggregate_id`,
        [queue],
      );
      return new Map(rows.map((row) => [row.aggregate_id, Number(row.n)]));
    },
    async effectsOnRedelivery() {
      const { rows } = await pool.query<{ n: string }>(
        `select count(*) as n from outbox where payload->>'queue' = $1
          and (payload->>'receiveCount')::int > 1`,
        [queue],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async effectLog() {
      const { rows } = await pool.query<{ aggregate_id: string; payload: EffectPayload }>(
        "select aggregate_id, payload from outbox where payload->>'queue' = $1",
        [queue],
      );
      return rows.map(({ aggregate_id, payload }) => ({
        actionId: aggregate_id,
        receiveCount: payload.receiveCount,
        pid: payload.pid,
        at: payload.at,
      }));
    },
  };
}

/**
 * Sends `actions` in chunks as the workers settle them (effects plus dead letters), keeping at
 * most about `ahead` unsettled: moto_server's ReceiveMessage costs O(queue depth) (~0.45 ms per
 * queued message; Redis can take a longer lead). Gives up with an error when nothing settles
 * for `stallMs`.
 */
export async function feedGradually(
  queue: CrashQueue,
  actions: readonly DomainAction[],
  { ahead = 60, chunk = 20, stallMs = 60_000 } = {},
): Promise<void> {
  let fed = 0;
  let settled = -1;
  let lastProgress = Date.now();
  while (fed < actions.length) {
    const now = (await queue.effects()) + (await queue.deadLetterDepth());
    if (now !== settled) {
      settled = now;
      lastProgress = Date.now();
    }
    if (fed - settled > ahead) {
      if (Date.now() - lastProgress > stallMs) {
        throw new Error(`feeder: nothing settled for ${stallMs} ms (${settled} of ${fed} fed)`);
      }
      await sleep(100);
      continue;
    }
    await queue.send(actions.slice(fed, fed + chunk));
    fed += Math.min(chunk, actions.length - fed);
  }
}

/** Polls `condition` every `everyMs` until it holds (true) or `timeoutMs` passed (false). */
export async function until(
  condition: () => Promise<boolean>,
  { timeoutMs, everyMs = 250 }: { readonly timeoutMs: number; readonly everyMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** The actions in random order. */
export function shuffled<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, order: Math.random() }))
    .sort((a, b) => a.order - b.order)
    .map(({ item }) => item);
}

interface EffectPayload {
  readonly receiveCount: number;
  readonly pid: number;
  readonly at: number;
}

function fail(message: string): never {
  throw new Error(message);
}
