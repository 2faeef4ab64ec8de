import { randomUUID } from 'node:crypto';
import {
  assertFencingToken,
  createRedisClient,
  RedisError,
  type RedisLock,
  RedisLockManager,
} from '@baltra/sdk/redis';
import { lockManagerContract } from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { postgresUrl } from '../support/postgres.js';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

const api = { describe, it, beforeAll, afterAll };
const aName = () => `test-lock-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('assertFencingToken', () => {
  it('accepts a token at least as large as the highest seen, and refuses a smaller one', () => {
    expect(() => assertFencingToken('candidate 1', 1, undefined)).not.toThrow();
    expect(() => assertFencingToken('candidate 1', 7, 7)).not.toThrow();
    expect(() => assertFencingToken('candidate 1', 8, 7)).not.toThrow();
    expect(() => assertFencingToken('candidate 1', 6, 7)).toThrow(
      expect.objectContaining({
        code: 'FENCING_TOKEN_STALE',
        context: { resource: 'candidate 1', presented: 6, highest: 7 },
      }),
    );
    expect(() => assertFencingToken('candidate 1', Number.NaN, 7)).toThrow(RangeError);
  });
});

describeWithRedis('RedisLockManager', () => {
  const keyPrefix = uniqueKeyPrefix('locks');
  const clients: Redis[] = [];
  let redis: Redis;
  beforeAll(async () => {
    for (let i = 0; i < 4; i += 1) clients.push(await testRedisClient());
    redis = clients[0] as Redis;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });
  const manager = (
    options: ConstructorParameters<typeof RedisLockManager>[1] = {},
    client = redis,
  ) => new RedisLockManager(client, { keyPrefix, ...options });

  lockManagerContract(
    'Redis',
    async () => {
      const client = await testRedisClient();
      return {
        locks: new RedisLockManager(client, { keyPrefix }),
        close: () => client.quit().then(),
      };
    },
    api,
  );

  it('hands out strictly increasing fencing tokens to successive holders on several clients', async () => {
    const name = aName();
    const managers = clients.map((client) => manager({}, client));
    const entered: number[] = [];
    let inside = 0;
    let overlapped = false;

    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (managers[i % managers.length] as RedisLockManager).withLock(
          name,
          async (lock) => {
            overlapped ||= inside > 0;
            inside += 1;
            entered.push(lock.fencingToken);
            await sleep(1);
            inside -= 1;
          },
          { timeoutMs: 20_000 },
        ),
      ),
    );
    const next = await manager({}, clients[3]).acquire(name, { timeoutMs: 0 });

    expect(overlapped).toBe(false);
    expect(entered).toHaveLength(40);
    for (let i = 1; i < entered.length; i += 1) {
      expect(entered[i], `holder ${i}`).toBeGreaterThan(entered[i - 1] as number);
    }
    expect(next.fencingToken).toBeGreaterThan(Math.max(...entered));
    expect(Number.isSafeInteger(next.fencingToken)).toBe(true);
    await next.release();
  });

  it('keeps tokens increasing when the counter lost its last increments (a crash, a failover, eviction)', async () => {
    const locks = manager();
    const name = aName();
    const fence = `${keyPrefix}lock:{${name}}:fence`;
    const tokens: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await locks.withLock(name, async (lock) => {
        tokens.push(lock.fencingToken);
      });
    }

    await redis.set(fence, '1'); // an AOF that lost its last second, a replica behind
    await locks.withLock(name, async (lock) => {
      tokens.push(lock.fencingToken);
    });
    await redis.del(fence); // an evicted counter
    await locks.withLock(name, async (lock) => {
      tokens.push(lock.fencingToken);
    });

    for (let i = 1; i < tokens.length; i += 1) {
      expect(tokens[i], `token ${i}`).toBeGreaterThan(tokens[i - 1] as number);
    }
  });

  it('lets another holder in once a lease runs out, and the resource refuses the stale holder', async () => {
    const name = aName();
    const record = { value: 'initial', fencingToken: undefined as number | undefined };
    const write = (lock: RedisLock, value: string) => {
      assertFencingToken(`record ${name}`, lock.fencingToken, record.fencingToken);
      Object.assign(record, { value, fencingToken: lock.fencingToken });
    };
    const stale = await manager({ autoRenew: false }).acquire(name, { leaseMs: 50 });
    write(stale, 'by the first holder');

    // The first holder stalls (a GC pause, a partition) past its lease; the next gets in.
    const fresh = await manager({}, clients[1]).acquire(name, { timeoutMs: 10_000 });
    write(fresh, 'by the second holder');
    let refused: unknown;
    try {
      write(stale, 'by the first holder, late');
    } catch (error) {
      refused = error;
    }

    expect(fresh.fencingToken).toBeGreaterThan(stale.fencingToken);
    expect(refused).toMatchObject({ code: 'FENCING_TOKEN_STALE' });
    expect(record).toEqual({ value: 'by the second holder', fencingToken: fresh.fencingToken });
    await expect(stale.release()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(stale.signal.aborted).toBe(true);
    await fresh.release(); // the stale release did not delete the fresh holder's lock
  });

  it.skipIf(postgresUrl() === null)(
    'lets SQL refuse the stale holder with the documented conditional update',
    async () => {
      const db = new pg.Client({ connectionString: postgresUrl() ?? '' });
      await db.connect();
      try {
        await db.query(`create temp table candidates
          (id int primary key, stage text, fencing_token bigint)`);
        await db.query(`insert into candidates values (42, 'applied', null)`);
        const update = async (stage: string, token: number) =>
          (
            await db.query(
              `update candidates set stage = $2, fencing_token = $3
                where id = $1 and (fencing_token is null or fencing_token <= $3)`,
              [42, stage, token],
            )
          ).rowCount;
        const name = aName();
        const stale = await manager({ autoRenew: false }).acquire(name, { leaseMs: 50 });
        expect(await update('screened', stale.fencingToken)).toBe(1);
        const fresh = await manager().acquire(name, { timeoutMs: 10_000 });

        expect(await update('interviewed', fresh.fencingToken)).toBe(1);
        expect(await update('interviewed again', fresh.fencingToken)).toBe(1);
        expect(await update('rejected', stale.fencingToken)).toBe(0);
        const { rows } = await db.query('select stage from candidates');
        expect(rows).toEqual([{ stage: 'interviewed again' }]);
        await fresh.release();
      } finally {
        await db.end();
      }
    },
  );

  it('renews the lease while a long job holds the lock', async () => {
    const renewing = manager({ leaseMs: 300 });
    const other = manager({}, clients[1]);
    const name = aName();
    let checks = 0;

    const signal = await renewing.withLock(name, async (lock) => {
      for (let i = 0; i < 6; i += 1) {
        await sleep(150); // three leases in all
        await expect(other.acquire(name, { timeoutMs: 0 })).rejects.toMatchObject({
          code: 'LOCK_TIMEOUT',
        });
        checks += 1;
      }
      return lock.signal;
    });

    expect(checks).toBe(6);
    expect(signal.aborted).toBe(false);
    expect(renewing.heldLocks()).toEqual([]);
    const after = await other.acquire(name, { timeoutMs: 0 });
    await after.release();
  });

  it('without renewal, loses the lock to the next holder and reports LOCK_LOST after the work', async () => {
    const expiring = manager({ leaseMs: 100, autoRenew: false });
    const other = manager({}, clients[1]);
    const name = aName();
    let taker: RedisLock | undefined;
    let aborted = false;

    const outcome = await expiring
      .withLock(name, async (lock) => {
        taker = await other.acquire(name, { timeoutMs: 10_000 });
        await lock.extend().then((owned) => expect(owned).toBe(false));
        aborted = lock.signal.aborted;
        return 'done';
      })
      .catch((error: unknown) => error);

    expect(outcome).toMatchObject({ code: 'LOCK_LOST', context: { lock: name } });
    expect(aborted).toBe(true);
    await expect(other.release(name, taker?.ownerToken ?? '')).resolves.toBeUndefined();
  });

  it('notices a lost lock at the next renewal and aborts its signal', async () => {
    const locks = manager({ leaseMs: 600 });
    const name = aName();
    const lock = await locks.acquire(name);

    await redis.set(`${keyPrefix}lock:{${name}}`, 'someone-else'); // taken over behind its back
    await eventually(() => lock.signal.aborted, 10_000);

    expect(locks.heldLocks()).toEqual([]);
    await expect(lock.release()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(await redis.get(`${keyPrefix}lock:{${name}}`)).toBe('someone-else');
  });

  it('refuses a release by a wrong token from another client with LOCK_NOT_OWNED, keeping the lock', async () => {
    const holder = manager();
    const stranger = manager({}, clients[2]);
    const lock = await holder.acquire(aName());

    await expect(stranger.release(lock.name, randomUUID())).rejects.toMatchObject({
      code: 'LOCK_NOT_OWNED',
      context: { lock: lock.name },
    });
    await expect(stranger.acquire(lock.name, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    expect(await lock.extend()).toBe(true);
    expect(holder.heldLocks()).toEqual([lock.name]);
    await lock.release();
  });

  it('extends, releases everything at shutdown, and validates its options', async () => {
    const locks = manager({ autoRenew: false, leaseMs: 1_000 });
    const first = await locks.acquire(aName());
    await locks.acquire(aName());

    expect(await first.extend(60_000)).toBe(true);
    expect(await redis.pttl(`${keyPrefix}lock:{${first.name}}`)).toBeGreaterThan(1_000);
    await locks.releaseAll();

    expect(locks.heldLocks()).toEqual([]);
    expect(await first.extend()).toBe(false);
    await expect(locks.acquire(aName(), { timeoutMs: Number.NaN })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(() => manager({ leaseMs: 0 })).toThrow(RangeError);
    await expect(locks.acquire(aName(), { leaseMs: 1.5 })).rejects.toThrow(RangeError);
  });

  it('fails with a retryable RedisError while the server is down, and keeps counting after a restart', async () => {
    const server = await startRedisServer();
    const client = asIoRedis(
      await createRedisClient({
        url: server.url,
        maxRetries: 1,
        commandTimeoutMs: 1_000,
      }),
    );
    try {
      const locks = new RedisLockManager(client);
      const name = aName();
      const held = await locks.acquire(name);
      const short = await locks.acquire(aName(), { leaseMs: 300 });

      await server.kill();
      const acquireError = await locks.acquire(aName()).catch((e: unknown) => e);
      const releaseError = await held.release().catch((e: unknown) => e);
      // Renewals that cannot reach Redis for a whole lease give the lock up.
      await eventually(() => short.signal.aborted, 10_000);

      expect(acquireError).toBeInstanceOf(RedisError);
      expect(acquireError).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
      expect(releaseError).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
      await expect(short.release()).rejects.toMatchObject({ code: 'LOCK_LOST' });
      expect(locks.heldLocks()).toEqual([]);

      // AOF with appendfsync always: the held lock and its fencing counter survive the crash.
      await server.restart();
      await expect.poll(() => client.ping().catch(() => 'down'), { timeout: 10_000 }).toBe('PONG');
      await expect(locks.acquire(name, { timeoutMs: 0 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      });
      await locks.release(name, held.ownerToken);
      const next = await locks.acquire(name, { timeoutMs: 0 });
      expect(next.fencingToken).toBeGreaterThan(held.fencingToken);
      await next.release();
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
