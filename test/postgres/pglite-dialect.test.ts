import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type Generated, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { PgliteDialect } from '../../src/infra/postgres/pglite-dialect.js';

interface Scratch {
  events: { id: Generated<number>; label: string };
}

// One PGlite per file: a fresh instance costs about 2 s.
let pglite: PGlite;
let db: Kysely<Scratch>;

beforeAll(async () => {
  pglite = await PGlite.create();
  db = new Kysely<Scratch>({ dialect: new PgliteDialect({ client: pglite }) });
  await sql`create table events (id serial primary key, label text not null)`.execute(db);
});

afterAll(async () => {
  await db.destroy();
  await pglite.close();
});

const labels = async (): Promise<string[]> =>
  (await db.selectFrom('events').select('label').orderBy('id').execute()).map((r) => r.label);

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('PgliteDialect', () => {
  it('runs queries and reports affected rows as bigint', async () => {
    await db.deleteFrom('events').execute();

    const inserted = await db
      .insertInto('events')
      .values([{ label: 'a' }, { label: 'b' }])
      .executeTakeFirst();
    const updated = await db
      .updateTable('events')
      .set({ label: 'c' })
      .where('label', '=', 'a')
      .executeTakeFirst();
    const selected = await db.executeQuery(CompiledQuery.raw('select 1 as one'));

    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    expect(updated.numUpdatedRows).toBe(1n);
    expect(selected).toEqual({ rows: [{ one: 1 }] });
  });

  it('serialises concurrent transactions: their statements never interleave', async () => {
    await db.deleteFrom('events').execute();
    const order: string[] = [];
    const work = (name: string) =>
      db.transaction().execute(async (trx) => {
        for (const step of [1, 2, 3]) {
          order.push(`${name}${step}`);
          await trx
            .insertInto('events')
            .values({ label: `${name}${step}` })
            .execute();
          await pause();
        }
      });

    await Promise.all([work('a'), work('b'), work('c')]);

    expect(order).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3']);
    expect(await labels()).toEqual(order);
  });

  it('keeps a query outside a transaction from seeing its uncommitted writes', async () => {
    await db.deleteFrom('events').execute();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => {
      inserted = resolve;
    });

    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('events').values({ label: 'pending' }).execute();
      inserted();
      await gate;
      throw new Error('roll back');
    });
    await insertedSignal;
    const outside = labels(); // queued behind the transaction
    release();

    await expect(transaction).rejects.toThrow('roll back');
    expect(await outside).toEqual([]);
  });

  it('rolls back everything when the callback throws', async () => {
    await db.deleteFrom('events').execute();

    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('events').values({ label: 'lost' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await labels()).toEqual([]);
  });

  it('releases the connection after a failed statement so later work proceeds', async () => {
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toMatchObject({
      code: '42P01',
    });

    expect(await db.selectFrom('events').select('id').execute()).toBeInstanceOf(Array);
  });

  it('supports savepoints: rolling back to one keeps what came before', async () => {
    await db.deleteFrom('events').execute();

    const trx = await db.startTransaction().execute();
    await trx.insertInto('events').values({ label: 'kept' }).execute();
    const inner = await trx.savepoint('before_dropped').execute();
    await inner.insertInto('events').values({ label: 'dropped' }).execute();
    const afterRollback = await inner.rollbackToSavepoint('before_dropped').execute();
    const released = await (await afterRollback.savepoint('second').execute())
      .releaseSavepoint('second')
      .execute();
    await released.commit().execute();

    expect(await labels()).toEqual(['kept']);
  });

  it('honours isolation level and access mode', async () => {
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{
          transaction_isolation: string;
        }>`show transaction_isolation`.execute(trx);
        await expect(
          trx.insertInto('events').values({ label: 'x' }).execute(),
        ).rejects.toMatchObject({
          code: '25006',
        });
        return rows[0]?.transaction_isolation;
      });

    // (PostgreSQL answers COMMIT of the aborted transaction with a rollback, not an error.)
    expect(level).toBe('serializable');
  });

  it('streams results in chunks', async () => {
    await db.deleteFrom('events').execute();
    await db
      .insertInto('events')
      .values(['a', 'b', 'c', 'd', 'e'].map((label) => ({ label })))
      .execute();

    const chunks: string[] = [];
    for await (const row of db.selectFrom('events').select('label').orderBy('id').stream(2)) {
      chunks.push(row.label);
    }

    expect(chunks).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('serialises transactions of two Kysely instances over the same PGlite', async () => {
    await db.deleteFrom('events').execute();
    const other = new Kysely<Scratch>({ dialect: new PgliteDialect({ client: pglite }) });
    const order: string[] = [];
    const work = (k: Kysely<Scratch>, name: string) =>
      k.transaction().execute(async (trx) => {
        for (const step of [1, 2]) {
          order.push(`${name}${step}`);
          await trx.insertInto('events').values({ label: name }).execute();
          await pause();
        }
      });

    await Promise.all([work(db, 'a'), work(other, 'b')]);
    await other.destroy();

    expect(order).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(pglite.closed).toBe(false); // a client passed in is not closed by destroy()
  });
});

describe('openPglite', () => {
  it('creates an in-memory instance on first use and closes it on destroy', async () => {
    const own = openPglite();

    const { rows } = await sql<{ answer: number }>`select 41 + 1 as answer`.execute(own);
    await own.destroy();

    expect(rows).toEqual([{ answer: 42 }]);
    await expect(sql`select 1`.execute(own)).rejects.toThrow();
  });

  it('uses a given client without closing it', async () => {
    const shared = openPglite({ client: pglite });

    await sql`select 1`.execute(shared);
    await shared.destroy();

    expect(pglite.closed).toBe(false);
  });
});
