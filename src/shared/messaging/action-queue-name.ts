import { createHash } from 'node:crypto';
import type { TenantTier } from './tenant-tier.js';

/** Where an action is queued: the source systems' `{domain}:{tenant}:{tier}`. */
export interface ActionQueueAddress {
  readonly domain: string;
  readonly tenantId: string;
  readonly tier: TenantTier;
}

/** Options of {@link toSqsQueueName}. */
export interface SqsQueueNameOptions {
  /** Prepended as is (`prod-`); letters, digits, `-` and `_` only. */
  readonly prefix?: string;
  /** Appends `.fifo` (and keeps the name within 80 characters including it). */
  readonly fifo?: boolean;
}

const SQS_NAME_LIMIT = 80;
const SAFE_TENANT = /^[A-Za-z0-9_]+$/;

/**
 * The logical queue name `{domain}:{tenant}:{tier}`.
 *
 * @example
 * ```ts
 * actionQueueName({ domain: 'leads', tenantId: 'acme', tier: 'enterprise' }); // 'leads:acme:enterprise'
 * ```
 */
export function actionQueueName(address: ActionQueueAddress): string {
  return `${address.domain}:${address.tenantId}:${address.tier}`;
}

/**
 * Maps `{domain}:{tenant}:{tier}` onto an SQS queue name (letters, digits, `-`, `_`, at most
 * 80 characters): `{prefix}{domain}-{tenant}-{tier}`. Tenant ids with other characters, or
 * names that would be too long, keep a readable part and gain a short hash of the tenant id,
 * so two tenants never share a queue.
 *
 * @example
 * ```ts
 * toSqsQueueName({ domain: 'leads', tenantId: 'acme', tier: 'free' }, { prefix: 'prod-' });
 * // 'prod-leads-acme-free'
 * ```
 */
export function toSqsQueueName(
  address: ActionQueueAddress,
  options: SqsQueueNameOptions = {},
): string {
  const prefix = options.prefix ?? '';
  const suffix = options.fifo ? '.fifo' : '';
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) {
    throw new RangeError(`SQS queue prefix "${prefix}" may hold only letters, digits, - and _`);
  }
  if (!/^[a-z][a-z0-9_]*$/.test(address.domain)) {
    throw new RangeError(`Action domain "${address.domain}" must be lowercase letters, digits, _`);
  }
  const fixed = `${prefix}${address.domain}--${address.tier}${suffix}`;
  const room = SQS_NAME_LIMIT - fixed.length;
  let tenant = address.tenantId;
  if (!SAFE_TENANT.test(tenant) || tenant.length > room) {
    const hash = createHash('sha256').update(address.tenantId).digest('hex').slice(0, 10);
    const readable = tenant.replace(/[^A-Za-z0-9_]+/g, '_').slice(0, Math.max(0, room - 11));
    tenant = readable ? `${readable}_${hash}` : hash;
  }
  if (tenant.length > room) {
    throw new RangeError(`SQS queue name for ${actionQueueName(address)} exceeds 80 characters`);
  }
  return `${prefix}${address.domain}-${tenant}-${address.tier}${suffix}`;
}
