import type { TenantLimits, TenantRecord } from '../../domain/models/tenant-record.js';
import type { TenantDirectory } from '../../domain/ports/tenant-directory.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import { TENANT_TIERS, type TenantTier } from '../../shared/messaging/tenant-tier.js';
import { CachingTenantDirectory } from './caching-tenant-directory.js';
import { type DeadLetterVerdict, decideForTenant } from './decide-outcome.js';

/** The tier (and own limits) an action runs under, never the one its message claims. */
export interface ResolvedTenant {
  readonly tier: TenantTier;
  readonly limits?: TenantLimits | undefined;
}

/** What {@link TenantTierResolver.resolve} decides: run under the tenant, or dead-letter. */
export type TenantResolution =
  | { readonly kind: 'run'; readonly action: DomainAction; readonly tenant: ResolvedTenant }
  | (DeadLetterVerdict & { readonly action: DomainAction });

/** Without a directory: each queue's tier, made once (no allocation per action). */
const QUEUE_TENANTS = Object.freeze(
  Object.fromEntries(TENANT_TIERS.map((tier) => [tier, Object.freeze({ tier })])),
) as Readonly<Record<TenantTier, ResolvedTenant>>;

/**
 * Where an action's tier comes from. With a tenant directory (cached: a `CachingTenantDirectory`
 * is put in front of any other), the directory's record: an unknown tenant is dead-lettered as
 * `unknown_tenant`, a suspended one as `tenant_suspended`. Without one, the tier of the queue
 * the message came from (the operator's `queues[].tier`), else `defaultTier`. Either way a
 * message that claims another tier is logged (warn, no PII) and its action runs, answers and
 * is counted under the resolved tier: the returned action is a copy carrying it. Synchronous
 * while the directory's answer is cached.
 *
 * @example
 * ```ts
 * const resolver = new TenantTierResolver(new InMemoryTenantDirectory(records), 'enterprise', () => logger);
 * const resolution = resolver.resolve(action, 'free');
 * ```
 */
export class TenantTierResolver {
  private readonly tenants: CachingTenantDirectory | undefined;

  constructor(
    tenants: TenantDirectory | undefined,
    private readonly defaultTier: TenantTier,
    private readonly logger: () => Logger,
  ) {
    this.tenants =
      tenants === undefined || tenants instanceof CachingTenantDirectory
        ? tenants
        : new CachingTenantDirectory(tenants);
  }

  resolve(
    action: DomainAction,
    queueTier: TenantTier | undefined,
    queue?: string,
  ): TenantResolution | Promise<TenantResolution> {
    const queueTenant = QUEUE_TENANTS[queueTier ?? this.defaultTier];
    if (this.tenants === undefined) {
      return {
        kind: 'run',
        action: this.retier(action, queueTenant.tier, queue),
        tenant: queueTenant,
      };
    }
    const cached = this.tenants.peek(action.tenant_id);
    if (cached !== undefined) return this.decide(action, cached ?? undefined, queueTenant, queue);
    return this.tenants
      .lookup(action.tenant_id)
      .then((record) => this.decide(action, record, queueTenant, queue));
  }

  private decide(
    action: DomainAction,
    record: TenantRecord | undefined,
    queueTenant: ResolvedTenant,
    queue: string | undefined,
  ): TenantResolution {
    const verdict = decideForTenant(action.tenant_id, record);
    if (verdict === undefined && record !== undefined) {
      return { kind: 'run', action: this.retier(action, record.tier, queue), tenant: record };
    }
    // Dead-lettered: counted and answered under a tier the operator set, not the claimed one.
    const tier = record?.tier ?? queueTenant.tier;
    const copy = tier === action.tenant_tier ? action : { ...action, tenant_tier: tier };
    return { ...(verdict as DeadLetterVerdict), action: copy };
  }

  /** `action` under `tier`: itself when it claims that tier, else a copy (and a warning). */
  private retier(action: DomainAction, tier: TenantTier, queue: string | undefined): DomainAction {
    if (tier === action.tenant_tier) return action;
    this.logger().warn('message claims another tenant tier than its tenant has', {
      actionId: action.action_id,
      actionType: action.action_type,
      claimedTier: action.tenant_tier,
      tier,
      ...(queue !== undefined && { queue }),
    });
    return { ...action, tenant_tier: tier };
  }
}
