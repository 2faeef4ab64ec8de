import { withIdempotency } from '@baltra/sdk';
import {
  createRedisClient,
  RedisError,
  RedisIdempotencyStore,
  type RedisIdempotencyStoreOptions,
  RedisIdempotentUnitOfWork,
} from '@baltra/sdk/redis';
import {
  aCompany,
  expectBaltraError,
  InMemoryUnitOfWork,
  persistenceContracts,
} from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyUnitOfWork } from '../../src/infra/postgres/index.js';
import { idempotencyCases } from '../../src/infra/testing/contracts/persistence/idempotency-cases.js';
import { PersistenceFixture } from '../../src/infra/testing/contracts/persistence-fixture.js';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';
import { useSharedPglite } from '../support/shared-databases.js';

const api = { describe, it, beforeAll, afterAll };
const sharedPglite = useSharedPglite();

describeWithRedis('RedisIdempotencyStore', () => {
  const keyPrefix = uniqueKeyPrefix('idempotency');
  const clients: Redis[] = [];
  const aClient = async () => {
    const client = await testRedisClient();
    clients.push(client);
    return client;
  };
  const aStore = async (options: RedisIdempotencyStoreOptions = {}) =>
    new RedisIdempotencyStore(await aClient(), { keyPrefix, ...options });
  const aKey = () => `test:${crypto.randomUUID()}`;
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  // The whole persistence contract on the decorated in-memory unit of work: the decorator is
  // transparent for every other repository and for savepoints.
  persistenceContracts(
    'in-memory with Redis idempotency',
    async () => ({
      unitOfWork: new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), await aStore()),
    }),
    api,
  );

  describe('PGlite with Redis idempotency: idempotency contract', () => {
    const fixture = new PersistenceFixture(async () => ({
      unitOfWork: new RedisIdempotentUnitOfWork(
        new KyselyUnitOfWork((await sharedPglite()).db),
        await aStore(),
      ),
    }));
    beforeAll(() => fixture.open());
    afterAll(() => fixture.close());
    idempotencyCases(fixture, api);
  });

  describe('leases, results and concurrency', () => {
    let redis: Redis;
    beforeAll(async () => {
      redis = await aClient();
    });

    it('makes a key whose owner died claimable once its lease has run out', async () => {
      const held = aKey();
      const orphaned = aKey();
      const ownerClient = await testRedisClient();
      const owner = new RedisIdempotencyStore(ownerClient, { keyPrefix, leaseMs: 60_000 });
      const dying = new RedisIdempotencyStore(ownerClient, { keyPrefix, leaseMs: 200 });
      await owner.claim(held);
      await dying.claim(orphaned);
      ownerClient.disconnect();
      const impatient = await aStore({ waitTimeoutMs: 30 });
      const patient = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), await aStore());
      let runs = 0;

      const refused = await expectBaltraError(impatient.claim(held), 'CONFLICT');
      const taken = await withIdempotency(patient, orphaned, async () => ++runs);

      expect(refused.message).toMatch(/held by a run still in progress/);
      expect(taken).toEqual({ result: 1, replayed: false });
      expect(runs).toBe(1);
    });

    it('stores the result for the retention after the commit and replays it on another client', async () => {
      const key = aKey();
      const store = await aStore({ retentionMs: 3_600_000 });
      const uow = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), store);

      await withIdempotency(uow, key, async () => ({ sent: true, at: new Date(0) }));

      const record = store.recordKey(key);
      const ttl = await redis.pttl(record);
      expect(await redis.get(record)).toBe('c:{"sent":true,"at":"1970-01-01T00:00:00.000Z"}');
      expect(ttl).toBeGreaterThan(30_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      expect(await (await aStore()).claim(key)).toEqual({
        state: 'completed',
        result: { sent: true, at: '1970-01-01T00:00:00.000Z' },
      });
    });

    it('runs the work once for concurrent callers on two clients (each with its own database)', async () => {
      const first = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), await aStore());
      const second = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), await aStore());
      const keys = Array.from({ length: 20 }, aKey);
      const runs = new Map<string, number>();
      const work = (key: string) => async () => {
        runs.set(key, (runs.get(key) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
        return key;
      };

      const outcomes = await Promise.all(
        keys.flatMap((key) => [
          withIdempotency(first, key, work(key)),
          withIdempotency(second, key, work(key)),
        ]),
      );

      expect(keys.map((key) => runs.get(key))).toEqual(keys.map(() => 1));
      expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(keys.length);
      expect(outcomes.map((outcome) => outcome.result)).toEqual(keys.flatMap((key) => [key, key]));
    });

    it('renews the lease of a claim while its run is open', async () => {
      const key = aKey();
      const store = await aStore({ leaseMs: 900 });
      const uow = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), store);
      const record = store.recordKey(key);

      await withIdempotency(uow, key, async () => {
        // Without renewal the TTL only goes down; a renewal every 300 ms sets it back to 900.
        let last = await redis.pttl(record);
        const rose = async () => {
          const now = await redis.pttl(record);
          const up = now > last;
          last = now;
          return up;
        };
        await expect.poll(rose, { timeout: 5_000, interval: 20 }).toBe(true);
        return 'done';
      });

      expect(await redis.get(record)).toBe('c:"done"');
    });

    it('releases claims of a failed savepoint and undoes its completions; the run goes on', async () => {
      const outer = aKey();
      const inner = aKey();
      const uow = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), await aStore());

      const reclaimed = await uow.run(async (repositories) => {
        await repositories.idempotency.claim(outer);
        await repositories
          .savepoint(async ({ idempotency }) => {
            await idempotency.claim(inner);
            await idempotency.complete(inner, 'inner');
            throw new Error('savepoint fails');
          })
          .catch(() => undefined);
        const again = await repositories.idempotency.claim(inner);
        await repositories.idempotency.complete(outer, 'outer');
        await repositories.idempotency.complete(inner, 'inner, second time');
        return again;
      });

      const other = await aStore();
      expect(reclaimed).toEqual({ state: 'new' });
      expect(await other.claim(outer)).toEqual({ state: 'completed', result: 'outer' });
      expect(await other.claim(inner)).toEqual({
        state: 'completed',
        result: 'inner, second time',
      });
    });

    it('releases a claim the run left uncompleted, and every claim of a run that threw', async () => {
      const uncompleted = aKey();
      const thrown = aKey();
      const store = await aStore();
      const uow = new RedisIdempotentUnitOfWork(new InMemoryUnitOfWork(), store);

      await uow.run(({ idempotency }) => idempotency.claim(uncompleted));
      await uow
        .run(async ({ idempotency }) => {
          await idempotency.claim(thrown);
          throw new Error('rolled back');
        })
        .catch(() => undefined);

      expect(await redis.exists(store.recordKey(uncompleted), store.recordKey(thrown))).toBe(0);
    });

    it('fails with IDEMPOTENCY_RESULT_NOT_SAVED when the claim is gone at commit; the SQL work stays', async () => {
      const key = aKey();
      const company = aCompany();
      const store = await aStore();
      const inner = new InMemoryUnitOfWork();
      const uow = new RedisIdempotentUnitOfWork(inner, store);

      const error = await expectBaltraError(
        withIdempotency(uow, key, async ({ companies }) => {
          await companies.add(company);
          await redis.del(store.recordKey(key)); // as if the lease had run out
          return 'done';
        }),
        'IDEMPOTENCY_RESULT_NOT_SAVED',
      );

      expect(error).toMatchObject({ retryable: false, context: { keys: [key], committed: true } });
      expect(inner.snapshot().companies.has(company.id)).toBe(true);
      expect(await redis.exists(store.recordKey(key))).toBe(0);
    });

    it('refuses to complete a key it did not claim, and releases a direct claim', async () => {
      const key = aKey();
      const store = await aStore();

      await expectBaltraError(store.complete(key, 1), 'CONFLICT');
      await store.claim(key);
      const released = await store.release(key);

      expect(released).toBe(true);
      expect(await store.claim(key)).toEqual({ state: 'new' });
      await store.complete(key, undefined);
      expect(await (await aStore()).claim(key)).toEqual({ state: 'completed', result: null });
    });

    it('refuses options that are not whole numbers in range', async () => {
      const client = await aClient();
      for (const options of [{ leaseMs: 0 }, { retentionMs: 1.5 }, { waitTimeoutMs: -1 }]) {
        expect(() => new RedisIdempotencyStore(client, options)).toThrow(
          /RedisIdempotencyStore options/,
        );
      }
    });
  });

  describe('on a redis-server of its own', () => {
    it('gives a retryable RedisError when the server is killed, and runs no work', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(
        await createRedisClient({
          url: server.url,
          maxRetries: 0,
          commandTimeoutMs: 1_000,
        }),
      );
      try {
        const inner = new InMemoryUnitOfWork();
        const uow = new RedisIdempotentUnitOfWork(inner, new RedisIdempotencyStore(redis));
        await withIdempotency(uow, 'before-kill', async () => 'ok');
        await server.kill();
        let runs = 0;

        const error = await withIdempotency(uow, 'after-kill', async ({ companies }) => {
          runs += 1;
          await companies.add(aCompany());
        }).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(RedisError);
        expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
        expect(runs).toBe(0);
        expect(inner.snapshot().companies.size).toBe(0);
      } finally {
        redis.disconnect();
        await server.stop();
      }
    });
  });
});
