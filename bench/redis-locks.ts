// Lock acquire + release per second: RedisLockManager (on a redis-server this bench starts: a
// free loopback port, AOF with appendfsync everysec as a production server would run, or
// BENCH_REDIS_FSYNC=always) against the PostgreSQL lock manager (`createLockManager` on a Kysely
// over pg: advisory locks, one pinned connection per held lock), in the same run. One holder
// in a loop (latency), then 16 holders at once on names of their own (throughput: one ioredis
// connection against a pool of 16). Rounds interleaved, median reported with every round. The
// SDK comes from the build (BENCH_DIST, default ../dist), as services get it.
import { randomUUID } from 'node:crypto';
import type {
  createLockManager as CreateLockManager,
  openPostgres as OpenPostgres,
} from '@baltra/sdk/postgres';
import type {
  createRedisClient as CreateRedisClient,
  RedisLockManager as RedisLocks,
} from '@baltra/sdk/redis';
import { startRedisServer } from '../test/support/redis-server.js';
import { distUrl } from './support/dist-url.js';
import { compareSamples, median } from './support/stats.js';

interface Locks {
  acquire(name: string, options?: { timeoutMs?: number }): Promise<{ release(): Promise<void> }>;
}

const CONCURRENCY = 16;

/** `count` acquire + release pairs over `holders` loops, each on names of its own. */
async function lockLoop(locks: Locks, count: number, holders: number): Promise<void> {
  const run = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: holders }, async (_, holder) => {
      for (let i = holder; i < count; i += holders) {
        const lock = await locks.acquire(`bench:${run}:${holder}:${i % 8}`, { timeoutMs: 5_000 });
        await lock.release();
      }
    }),
  );
}

export async function benchRedisLocks(
  postgresUrl: string,
  count: number,
  rounds: number,
): Promise<string[]> {
  const { createRedisClient, RedisLockManager } = (await import(
    distUrl('infra/redis/index.js')
  )) as { createRedisClient: typeof CreateRedisClient; RedisLockManager: typeof RedisLocks };
  const { createLockManager, openPostgres } = (await import(
    distUrl('infra/postgres/index.js')
  )) as {
    createLockManager: typeof CreateLockManager;
    openPostgres: typeof OpenPostgres;
  };
  const fsync = process.env.BENCH_REDIS_FSYNC === 'always' ? 'always' : 'everysec';
  const server = await startRedisServer({ appendfsync: fsync });
  const redis = await createRedisClient({ url: server.url });
  const single = openPostgres({ connectionString: postgresUrl, poolSize: 1 });
  const pool = openPostgres({ connectionString: postgresUrl, poolSize: CONCURRENCY });
  try {
    const redisLocks = new RedisLockManager(redis, { keyPrefix: 'bench:' });
    const pgSingle = createLockManager(single);
    const pgPool = createLockManager(pool);
    const samples = await compareSamples(
      {
        'redis 1': () => lockLoop(redisLocks, count, 1),
        'postgres 1': () => lockLoop(pgSingle, count, 1),
        [`redis ${CONCURRENCY}`]: () => lockLoop(redisLocks, count, CONCURRENCY),
        [`postgres ${CONCURRENCY}`]: () => lockLoop(pgPool, count, CONCURRENCY),
      },
      { rounds, warmup: 1 },
    );
    const perSecond = (name: string) => (samples[name] ?? []).map((ms) => (count * 1000) / ms);
    const rate = (name: string) => median(perSecond(name));
    const list = (name: string) =>
      perSecond(name)
        .map((value) => value.toFixed(0))
        .join(', ');
    const lines = [
      `Lock acquire + release: RedisLockManager vs PostgreSQL advisory locks (createLockManager) (${count.toLocaleString('en')} pairs a round; redis-server AOF appendfsync ${fsync}; median of ${rounds})`,
    ];
    for (const holders of [1, CONCURRENCY]) {
      const [r, p] = [`redis ${holders}`, `postgres ${holders}`];
      lines.push(
        `  ${holders === 1 ? 'one holder in a loop' : `${holders} holders at once`}: ` +
          `Redis ${rate(r).toFixed(0)} ops/s · PostgreSQL ${rate(p).toFixed(0)} ops/s · ` +
          `ratio ${(rate(r) / rate(p)).toFixed(2)}× (rounds: Redis ${list(r)}; PostgreSQL ${list(p)})`,
      );
    }
    return lines;
  } finally {
    redis.disconnect();
    await Promise.all([single.destroy(), pool.destroy()]);
    await server.stop();
  }
}
