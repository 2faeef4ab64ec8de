// The Redis + PostgreSQL set-up of the crash test on Redis (../crash-on-redis.test.ts): a
// redis-server of the rig's own (AOF, appendfsync always) that the test can SIGKILL and
// restart, a migrated test database, queues with a dead-letter queue, and crash workers
// (./crash-worker.ts with BROKER=redis). The same CrashRig / CrashQueue shapes as the moto rig
// (./crash-rig.ts), whose effect readers, feeder and dead-letter reader it reuses.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainAction } from '@baltra/sdk';
import { migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import { createRedisClient, type RedisClient, RedisMessageQueue } from '@baltra/sdk/redis';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { useTestDatabase } from '../../support/postgres.js';
import { uniqueKeyPrefix } from '../../support/redis.js';
import { type RedisServer, startRedisServer } from '../../support/redis-server.js';
import { type CrashRig, outboxEffects, readDeadLetter } from './crash-rig.js';
import { type StartWorker, useWorkerProcesses } from './worker-processes.js';

/** More than a crash test's dead-letter queue ever holds; `peek` reads at most this many. */
const MAX_DEAD_LETTERS = 10_000;

export interface RedisCrashRig extends CrashRig {
  /**
   * SIGKILLs the rig's redis-server (no shutdown save: the AOF is all that survives), keeps it
   * down for `downMs`, starts it again on the same port and data directory, and waits until the
   * rig's client is connected again. The rig's own commands (the feeder's sends and depth reads)
   * are held from just before the kill until then, so only the workers meet the outage.
   */
  crashRedis(options: { readonly downMs: number }): Promise<void>;
}

/** Call in a `describeWithPostgres` body (redis-server on PATH): the Redis crash rig. */
export function useRedisCrashRig(): RedisCrashRig {
  const database = useTestDatabase();
  const startProcess: StartWorker = useWorkerProcesses();
  const keyPrefix = uniqueKeyPrefix('crash');
  const gate = new Gate();
  let server: RedisServer | undefined;
  let client: RedisClient | undefined;
  let messages: RedisMessageQueue | undefined;
  let pool: pg.Pool | undefined;

  beforeAll(async () => {
    server = await startRedisServer({ appendfsync: 'always' });
    client = await createRedisClient({
      url: server.url,
      connectTimeoutMs: 2_000,
      commandTimeoutMs: 5_000,
      connectionName: 'crash-rig',
    });
    messages = new RedisMessageQueue(client, { keyPrefix });
    const db = openPostgres({ connectionString: database.url });
    await migrateToLatest(db);
    await db.destroy();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    messages?.close();
    client?.disconnect();
    await server?.stop();
  });

  const ready = <T>(value: T | undefined): T => value ?? fail('the rig is ready from beforeAll on');

  /** Messages in a queue: visible, in flight and delayed. */
  async function depthOf(queue: string): Promise<number> {
    return (await gate.run(() => ready(messages).depth(queue))).total;
  }

  return {
    async createQueue(prefix, options) {
      const name = `${prefix}-${randomUUID().slice(0, 8)}`;
      const deadLetterQueue = `${name}-dlq`;
      const queue = ready(messages);
      await queue.createQueue(name, {
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        deadLetter: { queue: deadLetterQueue, maxReceiveCount: options.redriveAfter },
      });
      return {
        name,
        depth: () => depthOf(name),
        deadLetterDepth: () => depthOf(deadLetterQueue),
        async send(actions: readonly DomainAction[]) {
          const sent = await gate.run(() =>
            queue.send(
              name,
              actions.map((action) => ({ body: JSON.stringify(action) })),
            ),
          );
          if (sent.failed.length > 0)
            throw new Error(`send failed: ${JSON.stringify(sent.failed)}`);
        },
        async drainDeadLetters() {
          // The worker's own dead letters carry `baltra.dead_letter`; the queue's redrive
          // copies keep the original attributes and carry their record in the field `d`.
          const entries = await gate.run(() => queue.peek(deadLetterQueue, MAX_DEAD_LETTERS));
          if (entries.length === MAX_DEAD_LETTERS) {
            throw new Error(`more than ${MAX_DEAD_LETTERS} dead letters: not a crash test's`);
          }
          return entries.map(readDeadLetter);
        },
        ...outboxEffects(ready(pool), name),
        startWorker: (env = {}) =>
          startProcess({
            BROKER: 'redis',
            REDIS_URL: ready(server).url,
            REDIS_KEY_PREFIX: keyPrefix,
            QUEUE_NAME: name,
            DATABASE_URL: database.url,
            ...env,
          }),
      };
    },

    async crashRedis({ downMs }) {
      await gate.close();
      try {
        await ready(server).kill();
        await sleep(downMs);
        await ready(server).restart();
        // The client reconnects by itself (back-off up to 2 s); wait for it rather than let
        // the feeder's next command use up its retries.
        for (;;) {
          try {
            await ready(client).ping();
            break;
          } catch {
            await sleep(100);
          }
        }
      } finally {
        gate.open();
      }
    },
  };
}

/** Holds the rig's Redis commands while the server is down; `close` waits for those running. */
class Gate {
  private running = 0;
  private idle: (() => void) | undefined;
  private reopened: Promise<void> | undefined;
  private reopen: (() => void) | undefined;

  async run<T>(command: () => Promise<T>): Promise<T> {
    while (this.reopened !== undefined) await this.reopened;
    this.running += 1;
    try {
      return await command();
    } finally {
      this.running -= 1;
      if (this.running === 0) this.idle?.();
    }
  }

  async close(): Promise<void> {
    this.reopened = new Promise((resolve) => {
      this.reopen = resolve;
    });
    if (this.running > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
      });
      this.idle = undefined;
    }
  }

  open(): void {
    const reopen = this.reopen;
    this.reopened = undefined;
    this.reopen = undefined;
    reopen?.();
  }
}

function fail(message: string): never {
  throw new Error(message);
}
