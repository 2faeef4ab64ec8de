import { openPglite } from '@baltra/sdk/postgres';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/shared/health/health-registry.js';
import { httpCheck } from '../../src/shared/health/http-check.js';
import { sqlPingCheck } from '../../src/shared/health/sql-ping-check.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';

const servers: StubServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A check that counts its runs and behaves as told. */
function probe(behaviour: 'up' | 'down' | 'hang') {
  const runs = { count: 0, signals: [] as AbortSignal[] };
  const check = (signal: AbortSignal) => {
    runs.count += 1;
    runs.signals.push(signal);
    if (behaviour === 'up') return Promise.resolve();
    if (behaviour === 'down') {
      return Promise.reject(
        Object.assign(new Error('connect postgres://app:hunter2@db failed'), {
          code: 'ECONNREFUSED',
        }),
      );
    }
    return new Promise<never>(() => undefined);
  };
  return { check, runs };
}

describe('HealthRegistry', () => {
  it('answers liveness without running any check', () => {
    // Prepare
    const failing = probe('down');
    const health = new HealthRegistry().register('db', failing.check);

    // Act
    const report = health.live();

    // Assess
    expect(report).toEqual({ status: 'up' });
    expect(failing.runs.count).toBe(0);
  });

  it('reports each check with status, criticality and latency', async () => {
    // Prepare
    const health = new HealthRegistry()
      .register('db', probe('up').check)
      .register('crm', probe('down').check, { critical: false });

    // Act
    const report = await health.ready();

    // Assess
    expect(report).toEqual({
      status: 'degraded',
      checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      checks: {
        db: { status: 'up', critical: true, latencyMs: expect.any(Number) },
        crm: {
          status: 'down',
          critical: false,
          latencyMs: expect.any(Number),
          error: 'ECONNREFUSED',
        },
      },
    });
    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect(health.names()).toEqual(['db', 'crm']);
  });

  it('is down when a critical check is down, and times out a hanging check, aborting its signal', async () => {
    // Prepare
    const hanging = probe('hang');
    const health = new HealthRegistry().register('queue', hanging.check, { timeoutMs: 20 });

    // Act
    const report = await health.ready();

    // Assess
    expect(report.status).toBe('down');
    expect(report.checks.queue).toMatchObject({ status: 'down', error: 'timeout' });
    expect(hanging.runs.signals[0]?.aborted).toBe(true);
  });

  it('caches the report for cacheTtlMs and shares one run between concurrent probes', async () => {
    // Prepare
    let now = 0;
    const db = probe('up');
    const health = new HealthRegistry({ cacheTtlMs: 1000, now: () => now }).register(
      'db',
      db.check,
    );

    // Act
    await Promise.all([health.ready(), health.ready(), health.ready()]);
    now = 999;
    await health.ready();
    const runsWithinTtl = db.runs.count;
    now = 1000;
    await health.ready();

    // Assess
    expect(runsWithinTtl).toBe(1);
    expect(db.runs.count).toBe(2);
  });

  it('rejects duplicate names and bad timeouts', () => {
    const health = new HealthRegistry().register('db', probe('up').check);
    expect(() => health.register('db', probe('up').check)).toThrow(RangeError);
    expect(() => health.register('x', probe('up').check, { timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe('httpCheck', () => {
  it('is up on 2xx, down on other statuses and on timeouts', async () => {
    // Prepare
    const server = await startStubServer((hit, res) => {
      if (hit.url === '/ok') return json(res, 200, { status: 'up' });
      if (hit.url === '/broken') return json(res, 500, {});
    });
    servers.push(server);
    const health = new HealthRegistry()
      .register('ok', httpCheck(`${server.url}/ok`))
      .register('broken', httpCheck(`${server.url}/broken`))
      .register('slow', httpCheck(`${server.url}/slow`), { timeoutMs: 50 });

    // Act
    const report = await health.ready();

    // Assess
    expect(report.checks.ok?.status).toBe('up');
    expect(report.checks.broken).toMatchObject({ status: 'down', error: 'HTTP_500' });
    expect(report.checks.slow).toMatchObject({ status: 'down', error: 'timeout' });
  });
});

describe('sqlPingCheck on a real database (PGlite through Kysely)', () => {
  const db = openPglite();
  afterAll(async () => {
    await db.destroy();
  });

  it('is up while the database answers and down once it is closed', async () => {
    // Prepare
    const check = sqlPingCheck(() => sql`select 1`.execute(db));
    const up = new HealthRegistry({ cacheTtlMs: 0 }).register('postgres', check, {
      timeoutMs: 10_000,
    });

    // Act
    const before = await up.ready();
    await db.destroy();
    const after = await up.ready();

    // Assess
    expect(before.checks.postgres?.status).toBe('up');
    expect(after.checks.postgres?.status).toBe('down');
  });
});
