import { InMemoryTenantDirectory, tenantDirectoryContract } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

tenantDirectoryContract('in-memory', async () => ({ directory: new InMemoryTenantDirectory() }), {
  describe,
  it,
  beforeAll,
  afterAll,
});

describe('InMemoryTenantDirectory', () => {
  it('starts with the records it is given, validated', async () => {
    const tenants = new InMemoryTenantDirectory([
      { tenantId: 'acme', tier: 'free', status: 'active' },
    ]);

    expect(await tenants.lookup('acme')).toEqual({
      tenantId: 'acme',
      tier: 'free',
      status: 'active',
    });
    expect(
      () =>
        new InMemoryTenantDirectory([{ tenantId: 'x', tier: 'gold' as never, status: 'active' }]),
    ).toThrow(/tier/);
  });
});
