import { RedisTenantDirectory } from '@baltra/sdk/redis';
import { tenantDirectoryContract } from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithRedis, testRedisClient, uniqueKeyPrefix } from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

const api = { describe, it, beforeAll, afterAll };

describeWithRedis('RedisTenantDirectory', () => {
  const keyPrefix = uniqueKeyPrefix('tenants');
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedisClient();
  });
  afterAll(async () => {
    await redis.quit();
  });

  tenantDirectoryContract(
    'Redis',
    async () => ({ directory: new RedisTenantDirectory(redis, { keyPrefix }) }),
    api,
  );

  it('keeps a tenant in one hash under its key prefix, limits as JSON', async () => {
    const tenants = new RedisTenantDirectory(redis, { keyPrefix });
    await tenants.put({
      tenantId: 'acme',
      tier: 'advance',
      status: 'active',
      limits: { perDay: 9 },
    });

    expect(await redis.hgetall(`${keyPrefix}tenant:acme`)).toEqual({
      tier: 'advance',
      status: 'active',
      limits: '{"perDay":9}',
    });
  });

  it('refuses a record edited by hand into something invalid, rather than guess', async () => {
    const tenants = new RedisTenantDirectory(redis, { keyPrefix });
    await redis.hset(`${keyPrefix}tenant:edited`, 'tier', 'gold', 'status', 'active');
    await redis.hset(
      `${keyPrefix}tenant:broken`,
      'tier',
      'free',
      'status',
      'active',
      'limits',
      '{',
    );

    await expect(tenants.lookup('edited')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(tenants.lookup('broken')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('loads its scripts again on a server that never saw them (restart, SCRIPT FLUSH)', async () => {
    const server = await startRedisServer();
    const { createRedisClient } = await import('@baltra/sdk/redis');
    const client = await createRedisClient({ url: server.url });
    try {
      const tenants = new RedisTenantDirectory(client);
      await tenants.put({ tenantId: 'acme', tier: 'free', status: 'active' });
      await server.restart();
      await expect(tenants.setStatus('acme', 'suspended')).resolves.toBe(true);
      expect((await tenants.lookup('acme'))?.status).toBe('suspended');
    } finally {
      await client.quit();
      await server.stop();
    }
  });

  it('fails with a RedisError, never an answer, while the server is down', async () => {
    const server = await startRedisServer();
    const { createRedisClient } = await import('@baltra/sdk/redis');
    const client = await createRedisClient({
      url: server.url,
      connectTimeoutMs: 500,
      commandTimeoutMs: 1_000,
    });
    try {
      const tenants = new RedisTenantDirectory(client);
      await tenants.put({ tenantId: 'acme', tier: 'free', status: 'active' });
      await server.kill();

      await expect(tenants.lookup('acme')).rejects.toMatchObject({ name: 'RedisError' });
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
