// Locks through a real pgbouncer in transaction pooling mode (2 server connections): the lease
// manager excludes over many rounds; the session-advisory PostgresLockManager does not (shown
// deterministically by pinning server connections with open transactions); the migrator's
// transaction-level lock lets concurrent migrateToLatest calls through pgbouncer apply each
// migration once.
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockManager } from '../../src/domain/ports/lock-manager.js';
import {
  BALTRA_MIGRATIONS,
  type BaltraDatabase,
  migrateToLatest,
  openPostgres,
  PostgresLeaseLockManager,
  PostgresLockManager,
} from '../../src/infra/postgres/index.js';
import { lockManagerContract } from '../../src/infra/testing/index.js';
import { describeWithPgbouncer, type Pgbouncer, startPgbouncer } from '../support/pgbouncer.js';
import { postgresUrl, useTestDatabase } from '../support/postgres.js';

const ROUNDS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPgbouncer('locks through PgBouncer (pool_mode=transaction)', () => {
  const database = useTestDatabase();
  let bouncer: Pgbouncer;
  const pools: Kysely<BaltraDatabase>[] = [];
  const clients: pg.Client[] = [];
  /** A pool through pgbouncer; destroyed after the suite. */
  const pool = (poolSize = 2) => {
    const db = openPostgres({ connectionString: bouncer.url(database.name), poolSize });
    pools.push(db);
    return db;
  };
  /** A single client through pgbouncer; closed after the suite. */
  const client = async () => {
    const c = new pg.Client({ connectionString: bouncer.url(database.name) });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    bouncer = await startPgbouncer(postgresUrl() ?? '', { poolSize: 2 });
    const db = pool(1);
    await migrateToLatest(db);
    await sql`create table pgbouncer_lock_counter (key text primary key, value int not null)`.execute(
      db,
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await Promise.all(pools.map((db) => db.destroy()));
    await bouncer?.stop();
  });

  lockManagerContract(
    'PostgresLeaseLockManager through PgBouncer',
    async () => {
      const locks = new PostgresLeaseLockManager(pool(3));
      return { locks, close: () => locks.releaseAll() };
    },
    { describe, it, beforeAll, afterAll },
  );

  /**
   * Two managers (each on a pool of its own) take turns on one lock for ROUNDS rounds; under
   * the lock each reads a counter row, waits, writes it + 1. Returns the overlaps seen and the
   * counter, which lost an update for every overlap that interleaved the read and the write.
   */
  async function contend(
    a: LockManager,
    b: LockManager,
    timeoutMs = 10_000,
  ): Promise<{ overlaps: number; counter: number }> {
    const db = pool(2);
    const name = `pgbouncer-contend-${randomUUID()}`;
    const key = randomUUID();
    await sql`insert into pgbouncer_lock_counter (key, value) values (${key}, 0)`.execute(db);
    let inside = 0;
    let overlaps = 0;
    const worker = async (locks: LockManager) => {
      for (let round = 0; round < ROUNDS / 2; round += 1) {
        await locks.withLock(
          name,
          async () => {
            inside += 1;
            if (inside > 1) overlaps += 1;
            const { rows } = await sql<{ value: number }>`
              select value from pgbouncer_lock_counter where key = ${key}`.execute(db);
            await sleep(1);
            await sql`update pgbouncer_lock_counter set value = ${(rows[0]?.value ?? 0) + 1}
              where key = ${key}`.execute(db);
            inside -= 1;
          },
          { timeoutMs },
        );
      }
    };
    await Promise.all([worker(a), worker(b)]);
    const { rows } = await sql<{ value: number }>`
      select value from pgbouncer_lock_counter where key = ${key}`.execute(db);
    return { overlaps, counter: rows[0]?.value ?? -1 };
  }

  it(`lease managers exclude each other over ${ROUNDS} rounds`, async () => {
    const options = { initialBackoffMs: 1, maxBackoffMs: 5 };
    const a = new PostgresLeaseLockManager(pool(2), { ...options, holder: 'a' });
    const b = new PostgresLeaseLockManager(pool(2), { ...options, holder: 'b' });

    const { overlaps, counter } = await contend(a, b);

    expect(overlaps).toBe(0);
    expect(counter).toBe(ROUNDS);
  });

  it(`the same harness with session-advisory PostgresLockManagers fails: overlaps, lost updates or a lock stuck after its release`, async () => {
    const options = { initialBackoffMs: 1, maxBackoffMs: 5, pooler: 'session' as const };
    const a = new PostgresLockManager(pool(2), options);
    const b = new PostgresLockManager(pool(2), options);

    const outcome: { overlaps: number; counter: number } | Error = await contend(a, b, 1_000).catch(
      (error: Error) => error,
    );

    const failed =
      outcome instanceof Error
        ? (outcome as { code?: string }).code === 'LOCK_TIMEOUT' // stuck in another session
        : outcome.overlaps > 0 || outcome.counter !== ROUNDS;
    expect(failed, `advisory locks through PgBouncer held up: ${String(outcome)}`).toBe(true);
    await Promise.all([a.releaseAll(), b.releaseAll()]);
  });

  it('the session-advisory PostgresLockManager grants a held lock to a second holder, and its release leaves the lock held', async () => {
    // Both server connections are pinned in turn by open transactions, so which server session
    // each statement of the managers reaches is known.
    const pinA = await client();
    const pinB = await client();
    const serverPid = async (c: pg.Client) =>
      (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const first = new PostgresLockManager(pool(1), { pooler: 'session' });
    const second = new PostgresLockManager(pool(1), { pooler: 'session' });
    const name = `pgbouncer-advisory-${randomUUID()}`;

    await pinA.query('begin');
    const pinnedA = await serverPid(pinA); // server connection 1 is pinned
    const held = await first.acquire(name); // so the lock lands on server connection 2
    const twice = await second.acquire(name, { timeoutMs: 0 }); // also on 2: re-entrant, granted
    await pinB.query('begin');
    const pinnedB = await serverPid(pinB); // pins server connection 2, the lock's session
    await pinA.query('commit'); // frees server connection 1
    await held.release(); // pg_advisory_unlock runs on 1: "you don't own a lock", no error
    await twice.release(); // likewise
    await pinB.query('commit');

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const direct = openPostgres({ connectionString: database.url, poolSize: 1 });
    try {
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_locks where locktype = 'advisory' and granted
           and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
        [name],
      );
      // A manager on a direct connection, as after a restart: the lock is stuck in an idle
      // server session of the pool, although both holders released it without an error.
      const stuck = await new PostgresLockManager(direct)
        .acquire(name, { timeoutMs: 100 })
        .catch((error: unknown) => error);

      expect(pinnedA).not.toBe(pinnedB);
      expect(twice.ownerToken).not.toBe(held.ownerToken); // two holders at once
      expect(rows.map((r) => r.pid)).toEqual([pinnedB]);
      expect(stuck).toMatchObject({ code: 'LOCK_TIMEOUT' });
    } finally {
      await admin.query('select pg_terminate_backend($1)', [pinnedB]); // frees the stuck lock
      await admin.end();
      await direct.destroy();
    }
  });

  it('concurrent migrateToLatest through PgBouncer on a fresh database apply each migration once', async () => {
    const fresh = `baltra_test_bouncer_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`create database ${fresh}`);
    const migrators = [1, 2, 3].map(() =>
      openPostgres({ connectionString: bouncer.url(fresh), poolSize: 1 }),
    );
    try {
      const applied = await Promise.all(migrators.map((db) => migrateToLatest(db)));
      const again = await migrateToLatest(migrators[0] as Kysely<BaltraDatabase>);
      const { rows } = await sql<{ name: string }>`select name from baltra_migration`.execute(
        migrators[0] as Kysely<BaltraDatabase>,
      );

      expect(applied.flat().sort()).toEqual(Object.keys(BALTRA_MIGRATIONS).sort());
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      expect(again).toEqual([]);
      expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(BALTRA_MIGRATIONS).sort());
    } finally {
      await Promise.all(migrators.map((db) => db.destroy()));
      await admin.query(`drop database if exists ${fresh} with (force)`);
      await admin.end();
    }
  });
});
