import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../src/domain/errors.js';
import { DatabaseUnavailableError } from '../../src/infra/postgres/database-unavailable-error.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { describeWithPostgres, postgresUrl, useTestDatabase } from '../support/postgres.js';

const PASSWORD = 's3cr3t-Pa55word';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('openPostgres without a server', () => {
  it('loads nothing and connects to nothing until the first query', async () => {
    const db = openPostgres({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });

    await db.destroy(); // never initialised: nothing to end
  });

  it('fails with DatabaseUnavailableError naming host and port, never the password', async () => {
    const port = await closedPort();
    const db = openPostgres({
      connectionString: `postgres://app:${PASSWORD}@127.0.0.1:${port}/baltra`,
      connectTimeoutMs: 2_000,
    });

    const error = await sql`select 1`.execute(db).catch((e: unknown) => e);
    await db.destroy();

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      message: `cannot connect to PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED`,
      context: { host: '127.0.0.1', port: String(port), database: 'baltra', user: 'app' },
    });
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect((error as Error).message).not.toContain(PASSWORD);
  });

  it('surfaces the same error from a unit of work and from migrations', async () => {
    const port = await closedPort();
    const db = openPostgres({
      connectionString: `postgresql://app:${PASSWORD}@127.0.0.1:${port}/x`,
    });

    const fromUow = await new KyselyUnitOfWork(db).run(async () => 1).catch((e: unknown) => e);
    const fromMigrations = await migrateToLatest(db).catch((e: unknown) => e);
    await db.destroy();

    for (const error of [fromUow, fromMigrations]) {
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).not.toContain(PASSWORD);
    }
  });

  it('names the server of a pool you pass in', async () => {
    const port = await closedPort();
    const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'app', password: PASSWORD });
    const db = openPostgres({ pool });

    const error = await sql`select 1`.execute(db).catch((e: unknown) => e);
    await db.destroy();

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(
      `cannot connect to PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED`,
    );
  });
});

describeWithPostgres('openPostgres on a server', () => {
  const database = useTestDatabase();

  it('returns timestamptz as Date even when the application overrode pg’s global parser', async () => {
    const original = pg.types.getTypeParser(1184, 'text');
    pg.types.setTypeParser(1184, 'text', (value: string) => value);
    const db = openPostgres({ connectionString: database.url, poolSize: 1 });
    try {
      const { rows } = await sql<{ at: Date; bc: Date; offset: Date }>`
        select timestamptz '2026-02-01 12:34:56.789+00' as at,
               timestamptz '0044-03-15 12:00:00+00 BC' as bc,
               timestamptz '2026-02-01 05:30:00+05:30' as offset`.execute(db);

      expect(rows[0]?.at).toBeInstanceOf(Date);
      expect(rows[0]?.at.toISOString()).toBe('2026-02-01T12:34:56.789Z');
      expect(rows[0]?.offset.toISOString()).toBe('2026-02-01T00:00:00.000Z');
      expect(rows[0]?.bc.getUTCFullYear()).toBe(-43);
    } finally {
      pg.types.setTypeParser(1184, 'text', original);
      await db.destroy();
    }
  });

  it('reports a database that does not exist as unavailable, with the server’s reason', async () => {
    const url = new URL(database.url);
    url.pathname = '/baltra_no_such_database';
    url.password = PASSWORD;
    const db = openPostgres({ connectionString: url.toString() });

    const error = await sql`select 1`.execute(db).catch((e: unknown) => e);
    await db.destroy();

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(
      `cannot connect to PostgreSQL at ${url.host}: database "baltra_no_such_database" does not exist`,
    );
    expect((error as Error).message).not.toContain(PASSWORD);
  });

  it('survives a checked-out connection dying between two statements: the error goes to onIdleConnectionError, the transaction fails typed', async () => {
    const seen: Error[] = [];
    const db = openPostgres({
      connectionString: database.url,
      poolSize: 1,
      onIdleConnectionError: (error) => void seen.push(error),
    });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const error = await db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
          while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
          await sql`select 1`.execute(trx);
        })
        .catch((e: unknown) => e);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db); // a new connection

      expect(seen[0]).toMatchObject({ code: '57P01' });
      expect(error).toBeInstanceOf(Error);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await db.destroy();
    }
  });

  it('uses a pool you pass in and ends it on destroy', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const db = openPostgres({ pool });

    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    await db.destroy();

    expect(rows).toEqual([{ one: 1 }]);
    expect(pool.ended).toBe(true);
  });
});

describe('test harness', () => {
  it('has a PostgreSQL server in CI', () => {
    if (process.env.CI === 'true') expect(postgresUrl()).not.toBeNull();
  });
});
