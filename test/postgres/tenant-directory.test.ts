import { KyselyTenantDirectory } from '@baltra/sdk/postgres';
import { tenantDirectoryContract } from '@baltra/sdk/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';

const api = { describe, it, beforeAll, afterAll };
const sharedPglite = useSharedPglite();

tenantDirectoryContract(
  'PGlite',
  async () => ({ directory: new KyselyTenantDirectory((await sharedPglite()).db) }),
  api,
);

describe('KyselyTenantDirectory on PGlite', () => {
  it('stores a tenant as one row, its limits as jsonb and null without any', async () => {
    const { db } = await sharedPglite();
    const tenants = new KyselyTenantDirectory(db);
    await tenants.put({ tenantId: 'row-a', tier: 'advance', status: 'active' });
    await tenants.put({
      tenantId: 'row-b',
      tier: 'free',
      status: 'suspended',
      limits: { perDay: 3 },
    });

    const { rows } = await sql<{ tenant_id: string; limits: unknown; kind: string | null }>`
      select tenant_id, limits, jsonb_typeof(limits) as kind from tenants
      where tenant_id in ('row-a', 'row-b') order by tenant_id`.execute(db);

    expect(rows).toEqual([
      { tenant_id: 'row-a', limits: null, kind: null },
      { tenant_id: 'row-b', limits: { perDay: 3 }, kind: 'object' },
    ]);
  });

  it('refuses a tier or status the table does not know, even when written around the adapter', async () => {
    const { db } = await sharedPglite();

    await expect(
      sql`insert into tenants (tenant_id, tier) values ('bad-tier', 'gold')`.execute(db),
    ).rejects.toThrow(/tenants_tier_check/);
    await expect(
      sql`insert into tenants (tenant_id, tier, status) values ('bad-status', 'free', 'gone')`.execute(
        db,
      ),
    ).rejects.toThrow(/tenants_status_check/);
  });
});

describeWithPostgres('KyselyTenantDirectory on PostgreSQL', () => {
  const database = useTestDatabase();
  const sharedPostgres = useSharedPostgres(database, 4);

  tenantDirectoryContract(
    'PostgreSQL',
    async () => ({ directory: new KyselyTenantDirectory(await sharedPostgres()) }),
    api,
  );

  it('keeps one record per tenant under concurrent puts from several connections', async () => {
    const db = await sharedPostgres();
    const tenants = new KyselyTenantDirectory(db);
    const tiers = ['free', 'advance', 'professional', 'enterprise'] as const;

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tenants.put({ tenantId: 'contended', tier: tiers[i % 4] ?? 'free', status: 'active' }),
      ),
    );

    const { rows } = await sql<{ count: string }>`
      select count(*)::text as count from tenants where tenant_id = 'contended'`.execute(db);
    expect(rows).toEqual([{ count: '1' }]);
    expect(tiers).toContain((await tenants.lookup('contended'))?.tier);
  });
});
