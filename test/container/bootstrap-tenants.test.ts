import type { CoreSettings } from '@baltra/sdk';
import { bootstrap, TOKENS } from '@baltra/sdk/container';
import { InMemoryTenantDirectory } from '@baltra/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { KyselyTenantDirectory } from '../../src/infra/postgres/index.js';

const settings = {
  serviceName: 'bootstrap-tenants-test',
  environment: 'test',
  logLevel: 'error',
} as CoreSettings;

const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('bootstrap: the tenant directory', () => {
  it('binds an in-memory directory on the memory backend', async () => {
    const app = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(app);

    expect(app.get(TOKENS.TenantDirectory)).toBeInstanceOf(InMemoryTenantDirectory);
  });

  it('binds the tenants table of the SQL database, migrated, on PGlite', async () => {
    const app = await bootstrap({ settings });
    apps.push(app);
    const tenants = app.get(TOKENS.TenantDirectory);

    await tenants.put({ tenantId: 'acme', tier: 'advance', status: 'active' });

    expect(tenants).toBeInstanceOf(KyselyTenantDirectory);
    expect(await tenants.lookup('acme')).toEqual({
      tenantId: 'acme',
      tier: 'advance',
      status: 'active',
    });
  });

  it('binds the directory of overrides.tenantDirectory instead', async () => {
    const mine = new InMemoryTenantDirectory([
      { tenantId: 'acme', tier: 'free', status: 'active' },
    ]);
    const app = await bootstrap({
      settings,
      database: { kind: 'memory' },
      overrides: { tenantDirectory: mine },
    });
    apps.push(app);

    expect(app.get(TOKENS.TenantDirectory)).toBe(mine);
  });
});
