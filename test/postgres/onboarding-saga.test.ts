import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { afterAll, describe } from 'vitest';
import {
  type BaltraDatabase,
  KyselySagaStore,
  KyselyUnitOfWork,
  migrateToLatest,
  openPglite,
  openPostgres,
} from '../../src/infra/postgres/index.js';
import { onboardingSagaCrashScenarios } from '../support/onboarding-saga-scenarios.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

// One PGlite instance for the file (a fresh one costs about 2 s). Each "restarted process"
// opens a new KyselySagaStore on the same database, as a real restart would.
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

describe('onboarding start saga, crash and resume (PGlite)', () => {
  onboardingSagaCrashScenarios('PGlite', async () => {
    const { db } = await sharedPglite();
    return { unitOfWork: new KyselyUnitOfWork(db), sagaStore: () => new KyselySagaStore(db) };
  });
});

describeWithPostgres('onboarding start saga, crash and resume (PostgreSQL)', () => {
  const database = useTestDatabase();
  let db: Kysely<BaltraDatabase> | undefined;
  afterAll(async () => {
    await db?.destroy();
  });
  onboardingSagaCrashScenarios('PostgreSQL', async () => {
    if (!db) {
      db = openPostgres({ connectionString: database.url, poolSize: 4 });
      await migrateToLatest(db);
    }
    const opened = db;
    return {
      unitOfWork: new KyselyUnitOfWork(opened),
      sagaStore: () => new KyselySagaStore(opened),
    };
  });
});
