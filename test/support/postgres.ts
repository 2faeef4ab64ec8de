// Helpers for test files that need the PostgreSQL server of postgres-global-setup.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';

/** The admin connection string of the test server, or null when there is none. */
export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

/**
 * `describe` for suites that need PostgreSQL. Without a server the suite is skipped with the
 * reason in its name; in CI (CI=true) it fails instead, since a missing server must never pass
 * silently there.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (postgresUrl() !== null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error('no PostgreSQL server: set DATABASE_URL or install PostgreSQL 15');
      });
    });
  } else {
    describe.skip(`${name} [skipped: no PostgreSQL server; set DATABASE_URL]`, body);
  }
}

/** A database of its own for one test file or suite. */
export interface TestDatabase {
  /** Connection string of the database; available from `beforeAll` on. */
  readonly url: string;
  readonly name: string;
}

/**
 * Creates a uniquely named database on the test server before the suite's tests and drops it
 * after them. Call it at the top of a `describeWithPostgres` body.
 */
export function useTestDatabase(): TestDatabase {
  let url: string | undefined;
  const name = `baltra_test_${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    const admin = requireUrl();
    await withAdmin(admin, (client) => client.query(`create database ${name}`));
    const target = new URL(admin);
    target.pathname = `/${name}`;
    url = target.toString();
  });
  afterAll(async () => {
    if (url === undefined) return;
    await withAdmin(requireUrl(), (client) =>
      client.query(`drop database if exists ${name} with (force)`),
    );
  });
  return {
    name,
    get url(): string {
      if (url === undefined) throw new Error('the test database exists from beforeAll on');
      return url;
    },
  };
}

function requireUrl(): string {
  const url = postgresUrl();
  if (url === null) throw new Error('no PostgreSQL server for this test run');
  return url;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
