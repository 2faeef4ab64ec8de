import {
  cacheContract,
  InMemoryCache,
  InMemoryLockManager,
  InMemoryUnitOfWork,
  lockManagerContract,
  persistenceContracts,
  useCaseContracts,
} from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';

const api = { describe, it, beforeAll, afterAll };
const inMemory = async () => ({ unitOfWork: new InMemoryUnitOfWork() });

persistenceContracts('in-memory', inMemory, api);
useCaseContracts('in-memory', inMemory, api);
lockManagerContract('in-memory', async () => ({ locks: new InMemoryLockManager() }), api);
cacheContract(
  'in-memory',
  async (context) => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    return {
      cache: new InMemoryCache({ ...context, clock: { now: () => new Date(now) } }),
      elapse: async (ms) => {
        now += ms;
      },
    };
  },
  api,
);
