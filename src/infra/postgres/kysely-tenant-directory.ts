import { type Kysely, sql } from 'kysely';
import {
  parseTenantRecord,
  parseTenantStatus,
  type TenantRecord,
  type TenantStatus,
} from '../../domain/models/tenant-record.js';
import type { TenantDirectoryAdmin } from '../../domain/ports/tenant-directory.js';
import type { BaltraDatabase } from './database-schema.js';
import { translateDatabaseError } from './translate-database-error.js';

/**
 * A `TenantDirectory` on PostgreSQL or PGlite: the `tenants` table of migration 0008, one row
 * per tenant (`limits` as jsonb). `put` is one upsert; `lookup` one primary-key read. Give it
 * the pool's `Kysely`; wrap it in a `CachingTenantDirectory` before a worker asks it per action.
 *
 * @example
 * ```ts
 * const tenants = new KyselyTenantDirectory(db);
 * await tenants.put({ tenantId: 'acme', tier: 'professional', status: 'active', limits: { perDay: 20_000 } });
 * ```
 */
export class KyselyTenantDirectory implements TenantDirectoryAdmin {
  constructor(private readonly db: Kysely<BaltraDatabase>) {}

  async lookup(tenantId: string): Promise<TenantRecord | undefined> {
    try {
      const row = await this.db
        .selectFrom('tenants')
        .select(['tenant_id', 'tier', 'status', 'limits'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        tenantId: row.tenant_id,
        tier: row.tier,
        status: row.status,
        ...(row.limits !== null && { limits: row.limits }),
      };
    } catch (error) {
      throw translateDatabaseError(error, 'look up tenant');
    }
  }

  async put(record: TenantRecord): Promise<void> {
    const parsed = parseTenantRecord(record);
    const limits = parsed.limits === undefined ? null : JSON.stringify(parsed.limits);
    try {
      await this.db
        .insertInto('tenants')
        .values({ tenant_id: parsed.tenantId, tier: parsed.tier, status: parsed.status, limits })
        .onConflict((conflict) =>
          conflict.column('tenant_id').doUpdateSet({
            tier: parsed.tier,
            status: parsed.status,
            limits,
            updated_at: sql<Date>`now()`,
          }),
        )
        .execute();
    } catch (error) {
      throw translateDatabaseError(error, 'put tenant');
    }
  }

  async setStatus(tenantId: string, status: TenantStatus): Promise<boolean> {
    parseTenantStatus(status);
    try {
      const result = await this.db
        .updateTable('tenants')
        .set({ status, updated_at: sql<Date>`now()` })
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    } catch (error) {
      throw translateDatabaseError(error, 'set tenant status');
    }
  }

  async remove(tenantId: string): Promise<boolean> {
    try {
      const result = await this.db
        .deleteFrom('tenants')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    } catch (error) {
      throw translateDatabaseError(error, 'remove tenant');
    }
  }
}
