import { KyselyUnitOfWork, migrateToLatest, openPglite, openPostgres } from '@baltra/sdk/postgres';
import { persistenceContracts } from '@baltra/sdk/testing';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const api = { describe, it, beforeAll, afterAll };

// One PGlite instance for the file: a fresh one costs about 2 s.
persistenceContracts(
  'PGlite',
  async () => {
    const pglite = await PGlite.create();
    const db = openPglite({ client: pglite });
    await migrateToLatest(db);
    return {
      unitOfWork: new KyselyUnitOfWork(db),
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    };
  },
  api,
);

describeWithPostgres('PostgreSQL', () => {
  const database = useTestDatabase();

  persistenceContracts(
    'PostgreSQL',
    async () => {
      const db = openPostgres({ connectionString: database.url, poolSize: 4 });
      await migrateToLatest(db);
      return { unitOfWork: new KyselyUnitOfWork(db), close: () => db.destroy() };
    },
    api,
  );
});
