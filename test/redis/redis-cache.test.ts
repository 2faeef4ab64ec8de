import { createRedisClient, RedisCache, RedisError } from '@baltra/sdk/redis';
import { cacheContract } from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

const api = { describe, it, beforeAll, afterAll };
const long = { ttlMs: 60_000 };
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeWithRedis('RedisCache', () => {
  cacheContract(
    'Redis',
    async (context) => {
      const redis = await testRedisClient();
      return {
        cache: new RedisCache(redis, { ...context, keyPrefix: uniqueKeyPrefix('cache') }),
        // Redis expires on its own clock: let the time pass (20 ms of margin for timer jitter).
        elapse: (ms) => wait(ms + 20),
        close: async () => {
          await redis.quit();
        },
      };
    },
    api,
  );

  describe('on the shared test server', () => {
    let redis: Redis;
    beforeAll(async () => {
      redis = await testRedisClient();
    });
    afterAll(async () => {
      await redis.quit();
    });

    it('stores each entry as JSON under {keyPrefix}cache:{namespace}:{key} with a PX TTL', async () => {
      const keyPrefix = uniqueKeyPrefix('layout');
      const cache = new RedisCache(redis, { keyPrefix, namespace: 'vacancies' });

      await cache.set('open:acme', { count: 2 }, { ttlMs: 90_000 });

      const redisKey = `${keyPrefix}cache:vacancies:open:acme`;
      expect(cache.keyspace).toBe(`${keyPrefix}cache:vacancies:`);
      expect(await redis.get(redisKey)).toBe('{"count":2}');
      const pttl = await redis.pttl(redisKey);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(90_000);
    });

    it('keeps namespaces apart: the same key, two caches, and deleteByPrefix stays in its own', async () => {
      const keyPrefix = uniqueKeyPrefix('namespaces');
      const leads = new RedisCache(redis, { keyPrefix, namespace: 'leads' });
      const stats = new RedisCache(redis, { keyPrefix, namespace: 'stats' });
      await leads.set('acme', 'lead data', long);
      await stats.set('acme', 'stats data', long);

      const deleted = await leads.deleteByPrefix('');

      expect(deleted).toBe(1);
      expect(await leads.get('acme')).toBeUndefined();
      expect(await stats.get('acme')).toBe('stats data');
    });

    it('defaults to the baltra: prefix and the default namespace', () => {
      expect(new RedisCache(redis).keyspace).toBe('baltra:cache:default:');
    });
  });

  describe('on a redis-server of its own', () => {
    it('deletes by prefix with SCAN and UNLINK in batches, never KEYS', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(await createRedisClient({ url: server.url }));
      try {
        const cache = new RedisCache(redis, { namespace: 'batches', scanCount: 10 });
        for (let index = 0; index < 55; index += 1) await cache.set(`p:${index}`, index, long);
        await cache.set('q:kept', 'kept', long);
        await redis.config('RESETSTAT');

        const deleted = await cache.deleteByPrefix('p:');

        const stats = await redis.info('commandstats');
        const calls = (command: string) =>
          Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
        expect(deleted).toBe(55);
        expect(calls('keys')).toBe(0);
        expect(calls('scan')).toBeGreaterThanOrEqual(6);
        expect(calls('unlink')).toBeGreaterThanOrEqual(2);
        expect(await cache.get('q:kept')).toBe('kept');
      } finally {
        redis.disconnect();
        await server.stop();
      }
    });

    it('fails with a retryable RedisError while the server is down, and computes nothing', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(
        await createRedisClient({
          url: server.url,
          maxRetries: 0,
          commandTimeoutMs: 1_000,
        }),
      );
      try {
        const cache = new RedisCache(redis, { namespace: 'down' });
        await cache.set('k', 1, long);
        await server.kill();
        let computed = 0;

        const read = await cache.get('k').catch((error: unknown) => error);
        const computing = await cache
          .getOrCompute('cold', async () => ++computed, long)
          .catch((error: unknown) => error);

        for (const error of [read, computing]) {
          expect(error).toBeInstanceOf(RedisError);
          expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
        }
        expect(computed).toBe(0);
      } finally {
        redis.disconnect();
        await server.stop();
      }
    });
  });
});
