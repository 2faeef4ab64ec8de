import {
  parseTenantRecord,
  parseTenantStatus,
  type TenantRecord,
  type TenantStatus,
} from '../../domain/models/tenant-record.js';
import type { TenantDirectoryAdmin } from '../../domain/ports/tenant-directory.js';

/**
 * A `TenantDirectory` over a Map, for tests, demos and a single process; records are
 * validated on `put` and copied in and out, so a caller's object never changes what is stored.
 *
 * @example
 * ```ts
 * const tenants = new InMemoryTenantDirectory([{ tenantId: 'acme', tier: 'free', status: 'active' }]);
 * await tenants.lookup('acme'); // { tenantId: 'acme', tier: 'free', status: 'active' }
 * ```
 */
export class InMemoryTenantDirectory implements TenantDirectoryAdmin {
  private readonly records = new Map<string, TenantRecord>();

  constructor(records: Iterable<TenantRecord> = []) {
    for (const record of records) {
      const parsed = parseTenantRecord(record);
      this.records.set(parsed.tenantId, parsed);
    }
  }

  async lookup(tenantId: string): Promise<TenantRecord | undefined> {
    const record = this.records.get(tenantId);
    return record && structuredClone(record);
  }

  async put(record: TenantRecord): Promise<void> {
    const parsed = parseTenantRecord(record);
    this.records.set(parsed.tenantId, parsed);
  }

  async setStatus(tenantId: string, status: TenantStatus): Promise<boolean> {
    const checked = parseTenantStatus(status);
    const record = this.records.get(tenantId);
    if (record === undefined) return false;
    this.records.set(tenantId, { ...record, status: checked });
    return true;
  }

  async remove(tenantId: string): Promise<boolean> {
    return this.records.delete(tenantId);
  }
}
