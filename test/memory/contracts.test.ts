import { InMemoryUnitOfWork, persistenceContracts } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';

persistenceContracts('in-memory', async () => ({ unitOfWork: new InMemoryUnitOfWork() }), {
  describe,
  it,
  beforeAll,
  afterAll,
});
