// The catalogue metrics the adapters record themselves: lock acquisitions and waits (in
// memory, PostgreSQL, Redis), rate-limit rejections (in memory, PostgreSQL on PGlite, Redis)
// and saga runs and steps — each scraped from a PrometheusTelemetry installed process-wide.
import { randomUUID } from 'node:crypto';
import {
  defineSaga,
  type LockManager,
  resetTelemetry,
  SagaOrchestrator,
  sagaTelemetryObserver,
  setTelemetry,
} from '@baltra/sdk';
import {
  migrateToLatest,
  openPglite,
  openPostgres,
  PostgresLockManager,
  PostgresRateLimiter,
} from '@baltra/sdk/postgres';
import { loadPrometheusTelemetry, type PrometheusTelemetry } from '@baltra/sdk/prometheus';
import { RedisLockManager, RedisRateLimiter } from '@baltra/sdk/redis';
import { InMemoryLockManager, InMemoryRateLimiter, InMemorySagaStore } from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeWithPostgres, postgresUrl } from '../support/postgres.js';
import { describeWithRedis, testRedisClient, uniqueKeyPrefix } from '../support/redis.js';
import { parseExposition, sampleValue } from './support/parse-exposition.js';

let telemetry: PrometheusTelemetry;
beforeEach(async () => {
  telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
  setTelemetry(telemetry);
});
afterEach(() => resetTelemetry());

async function scrape() {
  return parseExposition(await telemetry.metrics());
}

/** One lock taken at once, one after waiting for its holder, one given up. */
async function acquireEachWay(locks: LockManager): Promise<void> {
  const name = `lock-${randomUUID()}`;
  const held = await locks.acquire(name);
  const waiting = locks.acquire(name, { timeoutMs: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 30));
  await held.release();
  const second = await waiting;
  await expect(locks.acquire(name, { timeoutMs: 20 })).rejects.toMatchObject({
    code: 'LOCK_TIMEOUT',
  });
  await second.release();
}

async function expectLockMetrics(backend: string): Promise<void> {
  const exposition = await scrape();
  for (const outcome of ['acquired', 'contended', 'timeout']) {
    expect(sampleValue(exposition, 'lock_acquisitions_total', { backend, outcome }), outcome).toBe(
      1,
    );
    expect(
      sampleValue(exposition, 'lock_wait_duration_seconds_count', { backend, outcome }),
      outcome,
    ).toBe(1);
  }
  const contendedWait = sampleValue(exposition, 'lock_wait_duration_seconds_sum', {
    backend,
    outcome: 'contended',
  });
  expect(contendedWait).toBeGreaterThanOrEqual(0.02);
}

describe('lock metrics', () => {
  it('InMemoryLockManager counts acquired, contended and timeout, with the wait', async () => {
    await acquireEachWay(new InMemoryLockManager());
    await expectLockMetrics('memory');
  });
});

describeWithPostgres('lock metrics on PostgreSQL', () => {
  it('PostgresLockManager counts acquired, contended and timeout, with the wait', async () => {
    const db = openPostgres({ connectionString: postgresUrl() as string });
    try {
      await acquireEachWay(new PostgresLockManager(db));
      await expectLockMetrics('postgres');
    } finally {
      await db.destroy();
    }
  });
});

describeWithRedis('lock and rate-limit metrics on Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedisClient();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('RedisLockManager counts acquired, contended and timeout, with the wait', async () => {
    await acquireEachWay(new RedisLockManager(redis, { keyPrefix: uniqueKeyPrefix('locks') }));
    await expectLockMetrics('redis');
  });

  it('RedisRateLimiter counts each refusal by tier and window', async () => {
    const limiter = new RedisRateLimiter(redis, {
      keyPrefix: uniqueKeyPrefix('limits'),
      policies: { free: { perMinute: 1, perDay: null } },
    });
    for (let n = 0; n < 3; n += 1) await limiter.acquire({ tenantId: 'acme', tier: 'free' });

    expect(
      sampleValue(await scrape(), 'rate_limit_rejections_total', {
        tier: 'free',
        window: 'minute',
      }),
    ).toBe(2);
  });
});

describe('rate-limit metrics', () => {
  it('InMemoryRateLimiter counts refusals by tier and window, never a granted slot', async () => {
    const limiter = new InMemoryRateLimiter({
      policies: { free: { perMinute: 2, perDay: null }, advance: { perMinute: null, perDay: 1 } },
    });
    for (let n = 0; n < 3; n += 1) await limiter.acquire({ tenantId: 'acme', tier: 'free' });
    for (let n = 0; n < 3; n += 1) await limiter.acquire({ tenantId: 'globex', tier: 'advance' });
    await limiter.acquire({ tenantId: 'initech', tier: 'enterprise' });

    const exposition = await scrape();
    expect(
      sampleValue(exposition, 'rate_limit_rejections_total', { tier: 'free', window: 'minute' }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'rate_limit_rejections_total', { tier: 'advance', window: 'day' }),
    ).toBe(2);
    expect(
      sampleValue(exposition, 'rate_limit_rejections_total', { tier: 'enterprise', window: 'day' }),
    ).toBeUndefined();
  });

  it('PostgresRateLimiter (on PGlite) counts refusals by tier and window', async () => {
    const db = openPglite();
    try {
      await migrateToLatest(db);
      const limiter = new PostgresRateLimiter(db, {
        policies: { professional: { perMinute: 1, perDay: null } },
      });
      for (let n = 0; n < 2; n += 1)
        await limiter.acquire({ tenantId: 'acme', tier: 'professional' });

      expect(
        sampleValue(await scrape(), 'rate_limit_rejections_total', {
          tier: 'professional',
          window: 'minute',
        }),
      ).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});

describe('saga metrics', () => {
  const step = (name: string, run: () => Promise<void>, compensate = async () => {}) => ({
    name,
    run,
    compensate,
  });

  it('sagaTelemetryObserver records every step and compensation, and each run that ended', async () => {
    // Prepare
    const sagas = new SagaOrchestrator(
      new InMemorySagaStore(),
      {},
      {
        observer: sagaTelemetryObserver(),
      },
    );
    const ok = defineSaga('transfer', [
      step('reserve', async () => {}),
      step('charge', async () => {}),
    ]);
    const failing = defineSaga('refund', [
      step('reserve', async () => {}),
      step('charge', async () => {
        throw new Error('card declined');
      }),
    ]);

    // Act
    await sagas.start(ok, 'saga-1', {});
    await sagas.start(ok, 'saga-1', {}); // already completed: no second run counted
    await sagas.start(failing, 'saga-2', {});
    const exposition = await scrape();

    // Assess
    expect(
      sampleValue(exposition, 'saga_executions_total', { saga: 'transfer', outcome: 'completed' }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'saga_executions_total', { saga: 'refund', outcome: 'compensated' }),
    ).toBe(1);
    const stepCount = (saga: string, name: string, outcome: string) =>
      sampleValue(exposition, 'saga_step_duration_seconds_count', { saga, step: name, outcome });
    expect(stepCount('transfer', 'reserve', 'completed')).toBe(1);
    expect(stepCount('transfer', 'charge', 'completed')).toBe(1);
    expect(stepCount('refund', 'charge', 'failed')).toBe(1);
    expect(stepCount('refund', 'reserve', 'compensated')).toBe(1);
  });

  it('counts a saga whose compensation failed as failed', async () => {
    const sagas = new SagaOrchestrator(
      new InMemorySagaStore(),
      {},
      {
        observer: sagaTelemetryObserver(),
      },
    );
    const saga = defineSaga('payout', [
      step(
        'reserve',
        async () => {},
        async () => {
          throw new Error('still reserved');
        },
      ),
      step('send', async () => {
        throw new Error('bank down');
      }),
    ]);

    await expect(sagas.start(saga, 'saga-3', {})).rejects.toMatchObject({
      code: 'SAGA_COMPENSATION_FAILED',
    });

    const exposition = await scrape();
    expect(
      sampleValue(exposition, 'saga_executions_total', { saga: 'payout', outcome: 'failed' }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'saga_step_duration_seconds_count', {
        saga: 'payout',
        step: 'reserve',
        outcome: 'compensation_failed',
      }),
    ).toBe(1);
  });
});
