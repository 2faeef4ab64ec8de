import {
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
