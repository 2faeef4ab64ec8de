import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, TOKENS } from '../../src/infra/container/index.js';
import {
  createLockManager,
  PostgresLeaseLockManager,
  PostgresLockManager,
} from '../../src/infra/postgres/index.js';
import { lockManagerContract } from '../../src/infra/testing/index.js';
import { getSettings } from '../../src/shared/settings/core-settings.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';

const api = { describe, it, beforeAll, afterAll };
const aName = () => `lease-lock-${randomUUID()}`;
const sharedPglite = useSharedPglite();

lockManagerContract(
  'PostgresLeaseLockManager on PGlite',
  async () => {
    const locks = new PostgresLeaseLockManager((await sharedPglite()).db);
    return { locks, close: () => locks.releaseAll() };
  },
  api,
);

describe('PostgresLeaseLockManager on PGlite', () => {
  it('grants growing fencing tokens, takes over a lease that ran out by the database clock, and tells the old holder', async () => {
    const { db } = await sharedPglite();
    const shortLived = new PostgresLeaseLockManager(db, { leaseMs: 50, autoRenew: false });
    const other = new PostgresLeaseLockManager(db, { holder: 'other' });
    const name = aName();

    const first = await shortLived.acquire(name);
    await expect(other.acquire(name, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    const second = await other.acquire(name, { timeoutMs: 2_000 }); // once the 50 ms lease ran out
    const row = await db
      .selectFrom('baltra_lock_leases')
      .select(['holder', 'fencing_token'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();

    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    expect(row.holder).toBe('other');
    expect(Number(row.fencing_token)).toBe(second.fencingToken); // a string from pg, a number from PGlite
    expect(await first.extend()).toBe(false);
    expect(first.signal.aborted).toBe(true);
    await expect(first.release()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    await second.release();
    expect(
      await db.selectFrom('baltra_lock_leases').where('name', '=', name).selectAll().execute(),
    ).toEqual([]);
  });

  it('renews a held lease every third of it, so work longer than the lease keeps the lock', async () => {
    const { db } = await sharedPglite();
    const locks = new PostgresLeaseLockManager(db, { leaseMs: 450 });
    const name = aName();

    const value = await locks.withLock(name, async (lock) => {
      await new Promise((resolve) => setTimeout(resolve, 1_200)); // over 2.5 leases
      await expect(
        new PostgresLeaseLockManager(db).acquire(name, { timeoutMs: 0 }),
      ).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
      return lock.signal.aborted;
    });

    expect(value).toBe(false);
  });

  it('withLock fails with LOCK_LOST after work whose lease was taken over', async () => {
    const { db } = await sharedPglite();
    const locks = new PostgresLeaseLockManager(db, { leaseMs: 40, autoRenew: false });
    const name = aName();

    const outcome = await locks
      .withLock(name, async () => {
        await new PostgresLeaseLockManager(db).acquire(name, { timeoutMs: 2_000 });
        return 'done';
      })
      .catch((error: unknown) => error);

    expect(outcome).toMatchObject({ code: 'LOCK_LOST', context: { lock: name } });
  });

  it('refuses a release by a token that is not even a UUID with LOCK_NOT_OWNED', async () => {
    const locks = new PostgresLeaseLockManager((await sharedPglite()).db);
    const lock = await locks.acquire(aName());

    await expect(locks.release(lock.name, 'not-a-uuid')).rejects.toMatchObject({
      code: 'LOCK_NOT_OWNED',
    });
    await lock.release();
  });

  it('createLockManager keeps the in-process lock table on PGlite, whatever the pooler', async () => {
    const { db } = await sharedPglite();
    const name = aName();

    await createLockManager(db, { pooler: 'transaction' }).withLock(name, async () => {
      const rows = await db.selectFrom('baltra_lock_leases').where('name', '=', name).execute();
      expect(rows).toEqual([]);
    });
  });
});

describeWithPostgres('PostgresLeaseLockManager on PostgreSQL', () => {
  const database = useTestDatabase();
  const shared = useSharedPostgres(database, 4);

  it('bootstrap binds the lease manager as TOKENS.LockManager when the settings say pooler transaction', async () => {
    const db = await shared(); // migrated
    const app = await bootstrap({
      database: { kind: 'postgres', connectionString: database.url, poolSize: 2 },
      settings: { ...getSettings(), postgresPooler: 'transaction' },
      redis: false,
    });
    const name = aName();
    try {
      const rows = await app
        .get(TOKENS.LockManager)
        .withLock(name, () =>
          db.selectFrom('baltra_lock_leases').select('name').where('name', '=', name).execute(),
        );

      expect(rows).toEqual([{ name }]);
    } finally {
      await app.close();
    }
  });

  lockManagerContract(
    'PostgresLeaseLockManager on PostgreSQL',
    async () => {
      const locks = new PostgresLeaseLockManager(await shared());
      return { locks, close: () => locks.releaseAll() };
    },
    api,
  );

  it('pins no connection while held: more locks than pooled connections', async () => {
    const db = await shared();
    const locks = new PostgresLeaseLockManager(db);
    const held = await Promise.all(Array.from({ length: 10 }, () => locks.acquire(aName())));

    const names = held.map((lock) => lock.name);
    const rows = await db
      .selectFrom('baltra_lock_leases')
      .select('name')
      .where('name', 'in', names)
      .execute();

    expect(locks.heldLocks().sort()).toEqual([...names].sort());
    expect(rows).toHaveLength(10); // 10 held on a pool of 4 connections, all idle again
    await locks.releaseAll();
    expect(locks.heldLocks()).toEqual([]);
  });

  it('createLockManager picks leases with pooler transaction and advisory locks otherwise', async () => {
    const db = await shared();
    const name = aName();

    const leased = await createLockManager(db, { pooler: 'transaction' }).withLock(name, () =>
      db.selectFrom('baltra_lock_leases').select('name').where('name', '=', name).execute(),
    );
    const advisory = await createLockManager(db, { pooler: 'session' }).withLock(name, () =>
      db.selectFrom('baltra_lock_leases').select('name').where('name', '=', name).execute(),
    );

    expect(leased).toEqual([{ name }]);
    expect(advisory).toEqual([]);
    expect(new PostgresLockManager(db, { pooler: 'none' })).toBeInstanceOf(PostgresLockManager);
  });
});
