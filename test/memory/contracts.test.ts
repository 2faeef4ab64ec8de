import { afterAll, beforeAll, describe, it } from 'vitest';
import { InMemoryUnitOfWork, persistenceContracts } from '@baltra/sdk/testing';

persistenceContracts('in-memory', async () => ({ unitOfWork: new InMemoryUnitOfWork() }), {
  describe,
  it,
  beforeAll,
  afterAll,
});
