import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  createLockManager,
  KyselyUnitOfWork,
  PostgresLockManager,
} from '../../src/infra/postgres/index.js';
import {
  lockManagerContract,
  persistenceContracts,
  useCaseContracts,
} from '../../src/infra/testing/index.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';

const api = { describe, it, beforeAll, afterAll };

const sharedPglite = useSharedPglite();

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
  const shared = useSharedPostgres(useTestDatabase());

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
