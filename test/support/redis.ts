// Helpers for test files that need the redis-server of redis-global-setup.ts.
import { randomUUID } from 'node:crypto';
import { createRedisClient, type RedisClient } from '@baltra/sdk/redis';
import { Redis } from 'ioredis';
import { describe, inject, it } from 'vitest';

/** The URL of the test redis-server, or null when there is none. */
export function redisUrl(): string | null {
  return inject('redisUrl');
}

/** A client of the test redis-server (close it with `quit()`). */
export async function testRedisClient(): Promise<Redis> {
  const url = redisUrl();
  if (url === null) throw new Error('no redis-server for this test run');
  return asIoRedis(
    await createRedisClient({ url, connectTimeoutMs: 2_000, commandTimeoutMs: 5_000 }),
  );
}

/**
 * The ioredis `Redis` behind a `RedisClient` (the SDK declares only the commands it uses), so
 * a test can send any command; throws when it is not one.
 */
export function asIoRedis(client: RedisClient): Redis {
  if (!(client instanceof Redis))
    throw new Error('createRedisClient did not open an ioredis Redis');
  return client;
}

/** A key prefix of its own for one suite, so suites sharing the server never meet. */
export function uniqueKeyPrefix(name: string): string {
  return `test:${name}:${randomUUID().slice(0, 8)}:`;
}

/**
 * `describe` for suites that need redis-server. Without it the suite is skipped with the reason
 * in its name; in CI (CI=true) it fails instead.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisUrl() !== null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs redis-server', () => {
        throw new Error('no redis-server: apt-get install redis-server');
      });
    });
  } else {
    describe.skip(`${name} [skipped: no redis-server on PATH]`, body);
  }
}
