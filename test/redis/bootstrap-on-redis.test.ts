import { randomUUID } from 'node:crypto';
import { type CoreSettings, SettingsError, withIdempotency } from '@baltra/sdk';
import { type BaltraApp, bootstrap, TOKENS } from '@baltra/sdk/container';
import {
  RedisCache,
  RedisIdempotentUnitOfWork,
  RedisLockManager,
  RedisMessageQueue,
  RedisRateLimiter,
  readRedisSettings,
} from '@baltra/sdk/redis';
import {
  InMemoryCache,
  InMemoryLockManager,
  InMemoryRateLimiter,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { afterEach, expect, it } from 'vitest';
import { describeWithRedis, redisUrl, testRedisClient, uniqueKeyPrefix } from '../support/redis.js';

const settings: CoreSettings = {
  serviceName: 'bootstrap-redis-test',
  environment: 'test',
  logLevel: 'error',
};

const apps: BaltraApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  delete process.env.BALTRA_REDIS_PORTS;
  delete process.env.BALTRA_REDIS_URL;
  delete process.env.BALTRA_REDIS_KEY_PREFIX;
});

async function open(options: Parameters<typeof bootstrap>[0]): Promise<BaltraApp> {
  const app = await bootstrap({ settings, database: { kind: 'memory' }, ...options });
  apps.push(app);
  return app;
}

describeWithRedis('bootstrap with ports on Redis', () => {
  it("puts every port on Redis with ports: 'all'", async () => {
    const url = redisUrl() ?? '';
    const app = await open({ redis: { url, ports: 'all' } });

    expect(app.redisPorts).toEqual(['broker', 'cache', 'locks', 'rateLimits', 'idempotency']);
    expect(app.get(TOKENS.MessageQueue)).toBeInstanceOf(RedisMessageQueue);
    expect(app.get(TOKENS.Cache)).toBeInstanceOf(RedisCache);
    expect(app.get(TOKENS.LockManager)).toBeInstanceOf(RedisLockManager);
    expect(app.get(TOKENS.RateLimiter)).toBeInstanceOf(RedisRateLimiter);
    expect(app.get(TOKENS.UnitOfWork)).toBeInstanceOf(RedisIdempotentUnitOfWork);
    await expect(
      app.get(TOKENS.RedisHealthCheck)(new AbortController().signal),
    ).resolves.toBeUndefined();
  });

  it('keeps the ports left out on their defaults, and overrides still win', async () => {
    const url = redisUrl() ?? '';
    const limiter = new InMemoryRateLimiter();
    const app = await open({
      redis: { url, ports: ['locks', 'rateLimits'] },
      overrides: { rateLimiter: limiter },
    });

    expect(app.get(TOKENS.LockManager)).toBeInstanceOf(RedisLockManager);
    expect(app.get(TOKENS.RateLimiter)).toBe(limiter);
    expect(app.get(TOKENS.Cache)).toBeInstanceOf(InMemoryCache);
    expect(app.get(TOKENS.UnitOfWork)).toBeInstanceOf(InMemoryUnitOfWork);
    expect(app.container.isBound(TOKENS.MessageQueue)).toBe(false);
  });

  it('reads the ports and the server from BALTRA_REDIS_* when no option is given; redis: false ignores them', async () => {
    process.env.BALTRA_REDIS_URL = redisUrl() ?? '';
    process.env.BALTRA_REDIS_PORTS = 'locks,idempotency';
    process.env.BALTRA_REDIS_KEY_PREFIX = uniqueKeyPrefix('bootstrap');

    const fromEnv = await open({});
    const without = await open({ redis: false });

    expect(fromEnv.redisPorts).toEqual(['locks', 'idempotency']);
    expect(fromEnv.get(TOKENS.LockManager)).toBeInstanceOf(RedisLockManager);
    expect(without.redisPorts).toEqual([]);
    expect(without.get(TOKENS.LockManager)).toBeInstanceOf(InMemoryLockManager);
  });

  it('runs idempotent work through Redis under the key prefix of the settings', async () => {
    const keyPrefix = uniqueKeyPrefix('bootstrap-idem');
    const base = readRedisSettings({ env: { BALTRA_REDIS_URL: redisUrl() ?? '' } }).get();
    const app = await open({
      redis: { settings: { ...base, redisKeyPrefix: keyPrefix }, ports: ['idempotency'] },
    });
    const key = `welcome-sms:${randomUUID()}`;
    let runs = 0;
    const work = async () => {
      runs += 1;
      return { sent: true };
    };

    const first = await withIdempotency(app.get(TOKENS.UnitOfWork), key, work);
    const again = await withIdempotency(app.get(TOKENS.UnitOfWork), key, work);

    expect(first).toEqual({ result: { sent: true }, replayed: false });
    expect(again).toEqual({ result: { sent: true }, replayed: true });
    expect(runs).toBe(1);
    const redis = await testRedisClient();
    try {
      expect(await redis.exists(`${keyPrefix}idempotency:${key}`)).toBe(1);
    } finally {
      await redis.quit();
    }
  });

  it('closes its client with the app, releasing the locks it holds', async () => {
    const url = redisUrl() ?? '';
    const app = await open({ redis: { url, ports: ['locks'] } });
    const name = `bootstrap-lock-${randomUUID()}`;
    await app.get(TOKENS.LockManager).acquire(name);
    await app.close();

    const other = await open({ redis: { url, ports: ['locks'] } });
    const lock = await other.get(TOKENS.LockManager).acquire(name, { timeoutMs: 0 });
    await lock.release();
  });
});

it('stops start-up with a SettingsError naming the variable when the Redis URL is missing or wrong', async () => {
  process.env.BALTRA_REDIS_PORTS = 'all';
  process.env.BALTRA_REDIS_URL = 'http://user:hunter22@cache:6379';
  const error = await bootstrap({ settings, database: { kind: 'memory' } }).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SettingsError);
  expect((error as Error).message).toMatch(/BALTRA_REDIS_URL/);
  expect((error as Error).message).not.toContain('hunter22');
});
