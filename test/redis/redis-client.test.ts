import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createRedisClient,
  describeRedisUrl,
  RedisError,
  RedisScript,
  readRedisSettings,
  redisPingCheck,
  translateRedisError,
} from '@baltra/sdk/redis';
import { describe, expect, it } from 'vitest';
import { LUA_SOURCES } from '../../src/infra/redis/lua-sources.js';
import { asIoRedis, describeWithRedis, redisUrl, testRedisClient } from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

describe('Redis settings', () => {
  it('reads the URL, prefix, timeouts, retries and the ports put on Redis', () => {
    const settings = readRedisSettings({
      env: {
        BALTRA_REDIS_URL: 'rediss://app:s3cret@cache.internal:6380/2',
        BALTRA_REDIS_KEY_PREFIX: 'recruiting:',
        BALTRA_REDIS_COMMAND_TIMEOUT_MS: '750',
        BALTRA_REDIS_PORTS: 'broker, locks',
      },
    }).get();
    expect(settings).toEqual({
      redisUrl: 'rediss://app:s3cret@cache.internal:6380/2',
      redisKeyPrefix: 'recruiting:',
      redisConnectTimeoutMs: 5_000,
      redisCommandTimeoutMs: 750,
      redisMaxRetries: 3,
      redisPorts: ['broker', 'locks'],
    });
    expect(
      readRedisSettings({ env: { REDIS_URL: 'redis://h', BALTRA_REDIS_PORTS: 'all' } }).get()
        .redisPorts,
    ).toEqual(['broker', 'cache', 'locks', 'rateLimits', 'idempotency']);
  });

  it('lists every invalid variable at once and never echoes the URL', () => {
    const read = () =>
      readRedisSettings({
        env: {
          BALTRA_REDIS_URL: 'http://app:hunter22@cache:6379',
          BALTRA_REDIS_MAX_RETRIES: '-1',
          BALTRA_REDIS_PORTS: 'broker,queues',
        },
      }).get();
    expect(read).toThrow(/BALTRA_REDIS_URL/);
    try {
      read();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/BALTRA_REDIS_MAX_RETRIES/);
      expect(message).toMatch(/BALTRA_REDIS_PORTS/);
      expect(message).not.toContain('hunter22');
    }
  });

  it('describes a URL without its credentials', () => {
    expect(describeRedisUrl('redis://app:secret@cache:6380/2')).toBe('cache:6380/2');
    expect(describeRedisUrl('rediss://cache')).toBe('cache:6379/0');
  });
});

describe('translateRedisError', () => {
  it('makes dropped connections retryable and server refusals not', () => {
    const closed = translateRedisError(new Error('Connection is closed.'), 'XADD', 'q');
    const refused = translateRedisError(
      Object.assign(new Error('WRONGTYPE Operation against a key'), { name: 'ReplyError' }),
      'GET',
    );
    expect(closed).toBeInstanceOf(RedisError);
    expect(closed).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
    expect(refused).toMatchObject({ code: 'REDIS_COMMAND_FAILED', retryable: false });
  });
});

describe('embedded Lua sources', () => {
  it('match the .lua files (run `npm run build` after editing one)', () => {
    const dir = fileURLToPath(new URL('../../src/infra/redis/', import.meta.url));
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.lua'))
      .sort();
    expect(Object.keys(LUA_SOURCES).sort()).toEqual(files);
    for (const file of files) {
      expect(LUA_SOURCES[file], file).toBe(readFileSync(`${dir}${file}`, 'utf8'));
    }
  });
});

describeWithRedis('Redis client on a redis-server of the tests', () => {
  it('connects, answers the readiness check, and runs a script by SHA after a SCRIPT FLUSH', async () => {
    const redis = await testRedisClient();
    try {
      await expect(redisPingCheck(redis)(new AbortController().signal)).resolves.toBeUndefined();
      const releaseLock = new RedisScript('locks/release-lock.lua');
      const key = `test:script:${releaseLock.sha}:${Date.now()}`;
      await redis.set(key, 'owner');
      expect(await releaseLock.run(redis, [key], ['someone-else'])).toBe(0);
      await redis.script('FLUSH');
      expect(await releaseLock.run(redis, [key], ['owner'])).toBe(1);
      expect(await redis.exists(key)).toBe(0);
    } finally {
      await redis.quit();
    }
  });

  it('fails to connect with a typed error that names the server, not the password', async () => {
    const server = await startRedisServer();
    const url = `redis://app:hunter22@127.0.0.1:${server.port}`;
    await server.stop();
    const error = await createRedisClient({ url, connectTimeoutMs: 300, maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RedisError);
    expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}/0`);
    expect((error as Error).message).not.toContain('hunter22');
  });

  it('gives a retryable error for a command while the server is down, then works after a restart', async () => {
    const server = await startRedisServer();
    const redis = asIoRedis(
      await createRedisClient({
        url: server.url,
        maxRetries: 1,
        commandTimeoutMs: 1_000,
      }),
    );
    try {
      await redis.set('k', 'v');
      await server.kill();
      const error = await redis
        .get('k')
        .catch((caught: unknown) => translateRedisError(caught, 'GET', 'k'));
      expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
      await server.restart();
      await expect.poll(() => redis.get('k').catch(() => 'down'), { timeout: 10_000 }).toBe('v');
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('uses a server of its own, never the shared one on 6379', () => {
    expect(redisUrl()).not.toMatch(/:6379$/);
  });
});
