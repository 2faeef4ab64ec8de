import { z } from 'zod';
import { parseInput } from '../services/parse-input.js';
import { CompanyTierSchema } from './company.js';

/** Whether a tenant's actions run: `active` ones do, `suspended` ones are dead-lettered. */
export const TENANT_STATUSES = ['active', 'suspended'] as const;

export const TenantStatusSchema = z.enum(TENANT_STATUSES);
export type TenantStatus = z.infer<typeof TenantStatusSchema>;

const limit = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Limits of one tenant that replace those of its tier; each one left out keeps the tier's.
 * `null` quotas are unlimited.
 */
export const TenantLimitsSchema = z.strictObject({
  perMinute: limit.nullable().optional(),
  perDay: limit.nullable().optional(),
  handlerTimeoutMs: limit.optional(),
});
export type TenantLimits = z.infer<typeof TenantLimitsSchema>;

/** What the tenant directory knows of a tenant: its tier, status and own limits. */
export const TenantRecordSchema = z.strictObject({
  tenantId: z.string().min(1).max(200),
  tier: CompanyTierSchema,
  status: TenantStatusSchema,
  limits: TenantLimitsSchema.optional(),
});
export type TenantRecord = z.infer<typeof TenantRecordSchema>;

/**
 * Validates a tenant record (a `ValidationError` naming every problem otherwise); limits
 * left empty are dropped, so a stored record reads back the same from every adapter.
 *
 * @example
 * ```ts
 * const record = parseTenantRecord({ tenantId: 'acme', tier: 'free', status: 'active' });
 * ```
 */
export function parseTenantRecord(value: unknown): TenantRecord {
  const { limits, ...record } = parseInput('tenant record', TenantRecordSchema, value);
  const kept = limits && Object.entries(limits).filter(([, v]) => v !== undefined);
  return kept && kept.length > 0 ? { ...record, limits: Object.fromEntries(kept) } : record;
}

/**
 * Validates a tenant status (a `ValidationError` otherwise).
 *
 * @example
 * ```ts
 * const status = parseTenantStatus(request.body.status); // 'active' | 'suspended'
 * ```
 */
export function parseTenantStatus(value: unknown): TenantStatus {
  return parseInput('tenant status', TenantStatusSchema, value);
}
