import { describe } from 'vitest';
import { KyselySagaStore, KyselyUnitOfWork } from '../../src/infra/postgres/index.js';
import { onboardingSagaCrashScenarios } from '../support/onboarding-saga-scenarios.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';

// One PGlite for the file; each "restarted process" opens a new KyselySagaStore on the same
// database, as a real restart would.
const sharedPglite = useSharedPglite();

describe('onboarding start saga, crash and resume (PGlite)', () => {
  onboardingSagaCrashScenarios('PGlite', async () => {
    const { db } = await sharedPglite();
    return { unitOfWork: new KyselyUnitOfWork(db), sagaStore: () => new KyselySagaStore(db) };
  });
});

describeWithPostgres('onboarding start saga, crash and resume (PostgreSQL)', () => {
  const shared = useSharedPostgres(useTestDatabase(), 4);
  onboardingSagaCrashScenarios('PostgreSQL', async () => {
    const opened = await shared();
    return {
      unitOfWork: new KyselyUnitOfWork(opened),
      sagaStore: () => new KyselySagaStore(opened),
    };
  });
});
