import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLockManager } from '../../src/infra/postgres/create-lock-manager.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { PgliteDialect } from '../../src/infra/postgres/pglite-dialect.js';
import { PostgresLockManager } from '../../src/infra/postgres/postgres-lock-manager.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const aName = () => `test-lock-${randomUUID()}`;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describeWithPostgres('PostgresLockManager (PostgreSQL)', () => {
  const database = useTestDatabase();
  let poolA: Kysely<BaltraDatabase>;
  let poolB: Kysely<BaltraDatabase>;
  let admin: pg.Client;

  beforeAll(async () => {
    poolA = openPostgres({ connectionString: database.url, poolSize: 2 });
    poolB = openPostgres({ connectionString: database.url, poolSize: 2 });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await Promise.all([poolA?.destroy(), poolB?.destroy()]);
  });

  /** Server sessions holding the advisory lock of `name`. */
  async function holders(name: string): Promise<number[]> {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_locks where locktype = 'advisory' and granted
         and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [name],
    );
    return rows.map((r) => r.pid);
  }

  it('excludes holders across two pools, and hands the lock over when released', async () => {
    const a = new PostgresLockManager(poolA);
    const b = createLockManager(poolB);
    const name = aName();
    const held = await a.acquire(name);
    const started = Date.now();

    const refused = await b.acquire(name, { timeoutMs: 150 }).catch((e: unknown) => e);
    const waiting = b.acquire(name, { timeoutMs: 5_000 });
    setTimeout(() => void held.release(), 100);
    const handedOver = await waiting;

    expect(refused).toMatchObject({
      code: 'LOCK_TIMEOUT',
      context: { lock: name, timeoutMs: 150 },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await holders(name)).toHaveLength(1);
    await expect(a.release(name, handedOver.ownerToken)).rejects.toMatchObject({
      code: 'LOCK_NOT_OWNED',
    });
    await handedOver.release();
    expect(await holders(name)).toEqual([]);
  });

  it('pins one connection per held lock, and a held lock lives in that server session', async () => {
    const locks = new PostgresLockManager(poolA);
    const name = aName();

    const lock = await locks.acquire(name);
    const [pid] = await holders(name);
    const { rows } = await admin.query<{ state: string }>(
      'select state from pg_stat_activity where pid = $1',
      [pid],
    );

    expect(locks.heldLocks()).toEqual([name]);
    expect(rows[0]?.state).toBe('idle'); // pinned between queries, not busy
    await lock.release();
    expect(locks.heldLocks()).toEqual([]);
  });

  it('bounds the wait for a pooled connection by the timeout and leaves no timer or connection behind', async () => {
    const small = openPostgres({ connectionString: database.url, poolSize: 1 });
    const locks = new PostgresLockManager(small);
    const before = timers();
    try {
      const lock = await locks.acquire(aName()); // takes the only connection

      const error = await locks.acquire(aName(), { timeoutMs: 100 }).catch((e: unknown) => e);
      await lock.release();
      const next = await locks.acquire(aName(), { timeoutMs: 1_000 });
      await next.release();

      expect(error).toMatchObject({ code: 'LOCK_TIMEOUT' });
      expect(timers()).toBe(before);
    } finally {
      await small.destroy(); // would hang if a connection were still pinned
    }
  });

  it('frees the lock when the holding session dies; the holder learns it on release, and nothing crashes', async () => {
    const doomed = openPostgres({ connectionString: database.url, poolSize: 1 });
    const locks = new PostgresLockManager(doomed);
    const name = aName();
    try {
      const lock = await locks.acquire(name);
      const [pid] = await holders(name);

      await admin.query('select pg_terminate_backend($1)', [pid]);
      const taken = await new PostgresLockManager(poolB).acquire(name, { timeoutMs: 2_000 });
      const lost = await lock.release().catch((e: unknown) => e);

      expect(lost).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      await taken.release();
    } finally {
      await doomed.destroy();
    }
  });

  it('releaseAll lets a pool with held locks shut down', async () => {
    const closing = openPostgres({ connectionString: database.url, poolSize: 2 });
    const locks = new PostgresLockManager(closing);
    await locks.acquire(aName());
    await locks.acquire(aName());

    await locks.releaseAll();
    await closing.destroy();

    expect(locks.heldLocks()).toEqual([]);
  });

  it('rejects a NaN timeout as invalid input', async () => {
    await expect(
      new PostgresLockManager(poolA).acquire(aName(), { timeoutMs: Number.NaN }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('createLockManager picks advisory locks on a server', async () => {
    const name = aName();

    await createLockManager(poolA).withLock(name, async () => {
      expect(await holders(name)).toHaveLength(1);
    });

    expect(await holders(name)).toEqual([]);
  });
});

describe('createLockManager on PGlite', () => {
  let client: PGlite;
  beforeAll(async () => {
    client = await PGlite.create();
  });
  afterAll(async () => {
    await client.close();
  });

  it('uses one in-process lock table per PGlite instance, shared by every Kysely over it', async () => {
    const one = openPglite({ client });
    const two = openPglite({ client });
    const name = aName();

    const lock = await createLockManager(one).acquire(name);
    const refused = await createLockManager(two)
      .acquire(name, { timeoutMs: 0 })
      .catch((e: unknown) => e);
    await lock.release();
    const free = await createLockManager(two).acquire(name, { timeoutMs: 0 });
    await free.release();

    expect(refused).toMatchObject({ code: 'LOCK_TIMEOUT' });
    await Promise.all([one.destroy(), two.destroy()]);
  });

  it('recognises a PGlite Kysely it did not open by asking version()', async () => {
    const db = new Kysely<BaltraDatabase>({ dialect: new PgliteDialect({ client }) });
    const locks = createLockManager(db);
    const name = aName();

    const value = await locks.withLock(name, async () => {
      const refused = await locks.acquire(name, { timeoutMs: 0 }).catch((e: unknown) => e);
      return refused;
    });

    expect(value).toMatchObject({ code: 'LOCK_TIMEOUT' });
    await db.destroy();
  });

  it('reports an unreachable database when it cannot tell, and asks again next time', async () => {
    const db = openPostgres({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectTimeoutMs: 500,
    });
    const locks = createLockManager(db);

    const first = await locks.acquire(aName()).catch((e: unknown) => e);
    const second = await locks.release(aName(), randomUUID()).catch((e: unknown) => e);

    expect(first).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(second).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await db.destroy();
  });
});
