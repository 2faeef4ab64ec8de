import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type BaltraDatabase,
  createLockManager,
  KyselyUnitOfWork,
  migrateToLatest,
  openPglite,
  openPostgres,
  PostgresLockManager,
} from '../../src/infra/postgres/index.js';
import {
  lockManagerContract,
  persistenceContracts,
  useCaseContracts,
} from '../../src/infra/testing/index.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const api = { describe, it, beforeAll, afterAll };

// One PGlite instance for the whole file (a fresh one costs about 2 s), shared by the suites;
// each suite's `close` leaves it open, the file's afterAll closes it.
let pglite: Promise<{ client: PGlite; db: Kysely<BaltraDatabase> }> | undefined;
const sharedPglite = () => {
  pglite ??= (async () => {
    const client = await PGlite.create();
    const db = openPglite({ client });
    await migrateToLatest(db);
    return { client, db };
  })();
  return pglite;
};
afterAll(async () => {
  if (!pglite) return;
  const { client, db } = await pglite;
  await db.destroy();
  await client.close();
});

const pgliteUnitOfWork = async () => ({
  unitOfWork: new KyselyUnitOfWork((await sharedPglite()).db),
});

persistenceContracts('PGlite', pgliteUnitOfWork, api);
useCaseContracts('PGlite', pgliteUnitOfWork, api);
lockManagerContract(
  'PGlite',
  async () => ({ locks: createLockManager((await sharedPglite()).db) }),
  api,
);

describeWithPostgres('PostgreSQL', () => {
  const database = useTestDatabase();
  let db: Kysely<BaltraDatabase> | undefined;
  const shared = async () => {
    if (!db) {
      db = openPostgres({ connectionString: database.url, poolSize: 8 });
      await migrateToLatest(db);
    }
    return db;
  };
  afterAll(async () => {
    await db?.destroy();
  });

  const unitOfWork = async () => ({ unitOfWork: new KyselyUnitOfWork(await shared()) });
  persistenceContracts('PostgreSQL', unitOfWork, api);
  useCaseContracts('PostgreSQL', unitOfWork, api);
  lockManagerContract(
    'PostgreSQL',
    async () => {
      const locks = new PostgresLockManager(await shared());
      return { locks, close: () => locks.releaseAll() };
    },
    api,
  );
});
