import { sendOne } from '../infra/worker/send-one.js';
import type { WorkerQueue } from '../infra/worker/worker-options.js';
import { actionQueueName, toSqsQueueName } from '../shared/messaging/action-queue-name.js';
import {
  actionDomain,
  type CreateDomainActionInput,
  createDomainAction,
  type DomainAction,
} from '../shared/messaging/domain-action.js';
import type { MessageQueue } from '../shared/messaging/message-queue.js';
import { TENANT_TIERS, type TenantTier, TIER_POLICIES } from '../shared/messaging/tenant-tier.js';
import { warnDeprecated } from './warn-deprecated.js';

/** Options of {@link DomainQueueManager}. */
export interface DomainQueueManagerOptions {
  readonly queue: MessageQueue;
  /**
   * How `{domain}:{tenant}:{tier}` becomes a queue name: `sqs` (default) maps it with
   * `toSqsQueueName` (SQS allows no `:`); `logical` keeps it, for queues that accept it
   * (the in-memory queue).
   */
  readonly naming?: 'sqs' | 'logical';
  /** With `sqs` naming: prepended to every name (`prod-`). */
  readonly prefix?: string;
  /** With `sqs` naming: FIFO queues (`.fifo`), grouped by task (or tenant). */
  readonly fifo?: boolean;
}

/**
 * @deprecated Use `actionQueueName()` / `toSqsQueueName()`, `createDomainAction()` and
 * `MessageQueue.send()` from `@baltra/sdk`, and give a `Worker` the queues of each tier.
 * nooble4's `DomainQueueManager`: queues per `{domain}:{tenant}:{tier}`, actions enqueued on
 * the queue of their domain, tenant and tier.
 *
 * @example
 * ```ts
 * const manager = new DomainQueueManager({ queue, prefix: 'prod-' }); // warns once: BALTRA_DEP009
 * manager.getQueueName('embedding', 'tenant123', 'professional'); // 'prod-embedding-tenant123-professional'
 * await manager.enqueueAction({ type: 'embedding.generate', tenantId: 'tenant123', tier: 'professional', data: { text } });
 * const worker = new Worker({ queue, queues: manager.getWorkerQueues('embedding', 'tenant123'), handlers });
 * ```
 */
export class DomainQueueManager {
  constructor(private readonly options: DomainQueueManagerOptions) {
    warnDeprecated(
      'BALTRA_DEP009',
      'DomainQueueManager',
      'actionQueueName()/toSqsQueueName(), createDomainAction() and MessageQueue.send()',
    );
  }

  /** The queue of `domain`, `tenantId` and `tier`. */
  getQueueName(domain: string, tenantId: string, tier: TenantTier): string {
    const address = { domain, tenantId, tier };
    if (this.options.naming === 'logical') return actionQueueName(address);
    return toSqsQueueName(address, {
      ...(this.options.prefix !== undefined && { prefix: this.options.prefix }),
      ...(this.options.fifo !== undefined && { fifo: this.options.fifo }),
    });
  }

  /** A tier's priority: 1 (enterprise, served first) … 4 (free). */
  getTierPriority(tier: TenantTier): number {
    return TIER_POLICIES[tier].priority;
  }

  /** The four queues of a domain and tenant, by priority, as a `Worker` takes them. */
  getWorkerQueues(domain: string, tenantId: string): WorkerQueue[] {
    return TENANT_TIERS.map((tier) => ({ name: this.getQueueName(domain, tenantId, tier), tier }));
  }

  /**
   * Sends an action (or the input of `createDomainAction`) to the queue of its domain (or
   * `targetDomain`), tenant and tier; resolves with the queue name. A refused send rejects.
   */
  async enqueueAction(
    action: DomainAction | CreateDomainActionInput<Record<string, unknown>>,
    targetDomain?: string,
  ): Promise<string> {
    const envelope = 'action_type' in action ? action : createDomainAction(action);
    const domain = targetDomain ?? actionDomain(envelope.action_type);
    const queueName = this.getQueueName(domain, envelope.tenant_id, envelope.tenant_tier);
    await sendOne(this.options.queue, queueName, {
      body: JSON.stringify(envelope),
      ...(queueName.endsWith('.fifo') && {
        groupId: envelope.task_id ?? envelope.tenant_id,
        deduplicationId: envelope.action_id,
      }),
    });
    return queueName;
  }
}
