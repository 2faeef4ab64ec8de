import type { TenantRecord, TenantStatus } from '../models/tenant-record.js';

/**
 * Who the tenants are, as the operator set them: each tenant's tier, status and own limits.
 * The worker and the rate limiter take a tenant's tier from here, never from the message it
 * sent. `lookup` answers `undefined` for a tenant it does not know.
 *
 * @example
 * ```ts
 * const tenant = await tenants.lookup(action.tenant_id);
 * if (tenant?.status !== 'active') return deadLetter(message);
 * ```
 */
export interface TenantDirectory {
  lookup(tenantId: string): Promise<TenantRecord | undefined>;
}

/**
 * The writable side of a {@link TenantDirectory}, for the operator's tools. `put` creates or
 * replaces a tenant (validated: a `ValidationError` otherwise); `setStatus` and `remove`
 * answer whether the tenant existed (and change nothing when it did not).
 *
 * @example
 * ```ts
 * await tenants.put({ tenantId: 'acme', tier: 'professional', status: 'active' });
 * await tenants.setStatus('acme', 'suspended'); // true
 * ```
 */
export interface TenantDirectoryAdmin extends TenantDirectory {
  put(record: TenantRecord): Promise<void>;
  setStatus(tenantId: string, status: TenantStatus): Promise<boolean>;
  remove(tenantId: string): Promise<boolean>;
}
