import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TenantRecord } from '../../../domain/models/tenant-record.js';
import type { TenantDirectoryAdmin } from '../../../domain/ports/tenant-directory.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** What the tenant directory contract needs from an adapter under test. */
export interface TenantDirectoryHarness {
  readonly directory: TenantDirectoryAdmin;
  /** Releases what the harness opened; called after each test. */
  close?(): Promise<void>;
}

/**
 * The behaviour every `TenantDirectory` of the SDK shares: an unknown tenant is `undefined`;
 * `put` stores a validated record (tier, status, own limits, `null` quotas meaning unlimited)
 * that reads back equal, and replaces the whole record (limits left out are gone); an invalid
 * record is a `VALIDATION_FAILED` error that stores nothing; `setStatus` suspends and
 * reactivates a known tenant and creates no unknown one; `remove` forgets; records read are
 * copies, and tenants are independent. `setup` is called once per test; tenant ids are
 * random, so a shared database or server is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryTenantDirectory, tenantDirectoryContract } from '@baltra/sdk/testing';
 *
 * tenantDirectoryContract('in-memory', async () => ({ directory: new InMemoryTenantDirectory() }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function tenantDirectoryContract(
  adapterName: string,
  setup: () => Promise<TenantDirectoryHarness>,
  { describe, it }: ContractTestApi,
): void {
  const aTenant = (overrides: Partial<TenantRecord> = {}): TenantRecord => ({
    tenantId: `contract-tenant-${randomUUID()}`,
    tier: 'free',
    status: 'active',
    ...overrides,
  });

  async function withDirectory(body: (directory: TenantDirectoryAdmin) => Promise<void>) {
    const harness = await setup();
    try {
      await body(harness.directory);
    } finally {
      await harness.close?.();
    }
  }

  describe(`${adapterName}: TenantDirectory contract`, () => {
    it('knows no tenant it was not given', async () => {
      await withDirectory(async (directory) => {
        assert.equal(await directory.lookup(aTenant().tenantId), undefined);
      });
    });

    it('reads back what was put: tier, status and own limits (null quotas are unlimited)', async () => {
      await withDirectory(async (directory) => {
        const plain = aTenant({ tier: 'advance' });
        const limited = aTenant({
          tier: 'professional',
          limits: { perMinute: null, perDay: 20_000, handlerTimeoutMs: 90_000 },
        });
        await directory.put(plain);
        await directory.put(limited);

        assert.deepEqual(await directory.lookup(plain.tenantId), plain);
        assert.deepEqual(await directory.lookup(limited.tenantId), limited);
      });
    });

    it('replaces the whole record on a second put', async () => {
      await withDirectory(async (directory) => {
        const tenant = aTenant({ tier: 'free', limits: { perDay: 5 } });
        await directory.put(tenant);
        const upgraded = {
          tenantId: tenant.tenantId,
          tier: 'enterprise',
          status: 'active',
        } as const;

        await directory.put(upgraded);

        assert.deepEqual(await directory.lookup(tenant.tenantId), upgraded);
      });
    });

    it('refuses an invalid record with VALIDATION_FAILED and stores nothing', async () => {
      await withDirectory(async (directory) => {
        const tenant = aTenant();
        const invalid = [
          { ...tenant, tier: 'gold' },
          { ...tenant, status: 'deleted' },
          { ...tenant, limits: { perMinute: 0 } },
          { ...tenant, limits: { handlerTimeoutMs: 1.5 } },
          { ...tenant, tenantId: '' },
        ] as unknown as TenantRecord[];

        for (const record of invalid) {
          await expectBaltraError(directory.put(record), 'VALIDATION_FAILED');
        }
        assert.equal(await directory.lookup(tenant.tenantId), undefined);
      });
    });

    it('suspends and reactivates a known tenant, keeping the rest of its record', async () => {
      await withDirectory(async (directory) => {
        const tenant = aTenant({ tier: 'advance', limits: { perMinute: 7 } });
        await directory.put(tenant);

        assert.equal(await directory.setStatus(tenant.tenantId, 'suspended'), true);
        assert.deepEqual(await directory.lookup(tenant.tenantId), {
          ...tenant,
          status: 'suspended',
        });
        assert.equal(await directory.setStatus(tenant.tenantId, 'active'), true);
        assert.deepEqual(await directory.lookup(tenant.tenantId), tenant);
      });
    });

    it('sets no status of an unknown tenant, and does not create it', async () => {
      await withDirectory(async (directory) => {
        const tenantId = aTenant().tenantId;

        assert.equal(await directory.setStatus(tenantId, 'suspended'), false);
        assert.equal(await directory.lookup(tenantId), undefined);
        await expectBaltraError(
          directory.setStatus(tenantId, 'gone' as never),
          'VALIDATION_FAILED',
        );
      });
    });

    it('removes a tenant, and says whether there was one', async () => {
      await withDirectory(async (directory) => {
        const [kept, removed] = [aTenant(), aTenant()];
        await directory.put(kept);
        await directory.put(removed);

        assert.equal(await directory.remove(removed.tenantId), true);
        assert.equal(await directory.remove(removed.tenantId), false);
        assert.equal(await directory.lookup(removed.tenantId), undefined);
        assert.deepEqual(await directory.lookup(kept.tenantId), kept);
      });
    });

    it('hands out copies: changing a record read or put changes nothing stored', async () => {
      await withDirectory(async (directory) => {
        const tenant = aTenant({ limits: { perDay: 50 } });
        const input = structuredClone(tenant) as { tier: string; limits: { perDay: number } };
        await directory.put(input as unknown as TenantRecord);
        input.tier = 'enterprise';
        input.limits.perDay = 1;
        const read = (await directory.lookup(tenant.tenantId)) as { limits: { perDay: number } };
        read.limits.perDay = 2;

        assert.deepEqual(await directory.lookup(tenant.tenantId), tenant);
      });
    });

    it('keeps tenant ids apart, whatever characters they hold', async () => {
      await withDirectory(async (directory) => {
        const base = aTenant().tenantId;
        const odd = [`${base}:x`, `${base}*`, `${base} {a}`, `${base}ñ`];
        for (const [i, tenantId] of odd.entries()) {
          await directory.put({
            tenantId,
            tier: i % 2 === 0 ? 'free' : 'advance',
            status: 'active',
          });
        }

        assert.equal(await directory.lookup(base), undefined);
        for (const [i, tenantId] of odd.entries()) {
          assert.equal((await directory.lookup(tenantId))?.tier, i % 2 === 0 ? 'free' : 'advance');
        }
      });
    });
  });
}
