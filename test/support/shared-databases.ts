// One migrated database per test file or suite, made on first use and closed after it: a
// fresh PGlite costs about 2 s (it runs initdb), so the suites of a file share one.
import { PGlite } from '@electric-sql/pglite';
import type { Kysely, KyselyConfig } from 'kysely';
import { afterAll } from 'vitest';
import {
  type BaltraDatabase,
  migrateToLatest,
  openPglite,
  openPostgres,
} from '../../src/infra/postgres/index.js';
import type { TestDatabase } from './postgres.js';

/**
 * A migrated PGlite shared by the calling file: call at module level; the returned function
 * opens it on first use, and the file's afterAll closes it.
 */
export function useSharedPglite(
  options: { log?: KyselyConfig['log'] } = {},
): () => Promise<{ client: PGlite; db: Kysely<BaltraDatabase> }> {
  let opened: Promise<{ client: PGlite; db: Kysely<BaltraDatabase> }> | undefined;
  afterAll(async () => {
    if (!opened) return;
    const { client, db } = await opened;
    await db.destroy();
    await client.close();
  });
  return () => {
    opened ??= (async () => {
      const client = await PGlite.create();
      const db = openPglite({ client, ...(options.log && { log: options.log }) });
      await migrateToLatest(db);
      return { client, db };
    })();
    return opened;
  };
}

/**
 * A migrated pool on the suite's test database: call inside `describeWithPostgres` after
 * `useTestDatabase()`; opened on first use, destroyed after the suite.
 */
export function useSharedPostgres(
  database: TestDatabase,
  poolSize = 8,
): () => Promise<Kysely<BaltraDatabase>> {
  let opened: Promise<Kysely<BaltraDatabase>> | undefined;
  afterAll(async () => {
    if (opened) await (await opened).destroy();
  });
  return () => {
    opened ??= (async () => {
      const db = openPostgres({ connectionString: database.url, poolSize });
      await migrateToLatest(db);
      return db;
    })();
    return opened;
  };
}
