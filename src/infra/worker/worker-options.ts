import type { TenantDirectory } from '../../domain/ports/tenant-directory.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../shared/messaging/tenant-tier.js';
import type { ActionHandler } from './action-handler.js';
import type { ActionHandlerRegistry } from './action-handler-registry.js';
import type { CallbackOptions } from './callback-dispatcher.js';
import type { RetryDelayOptions } from './retry-delay-seconds.js';

/**
 * A queue the worker polls; its tier sets its share of the worker's slots and, without a
 * tenant directory, the tier its actions run at (whatever tier their messages claim).
 */
export interface WorkerQueue {
  readonly name: string;
  /** Default `enterprise`; weights come from the tier table (8:4:2:1). */
  readonly tier?: TenantTier;
  /** Where this queue's poison and malformed messages go; default `{name}-dlq`. */
  readonly deadLetterQueue?: string;
}

/** Options of `Worker`. */
export interface WorkerOptions {
  readonly queue: MessageQueue;
  /** Queue names or descriptions; several queues are served by tier priority. */
  readonly queues: readonly (string | WorkerQueue)[];
  readonly handlers: ActionHandlerRegistry | Iterable<ActionHandler>;
  /**
   * One transaction per action keyed by tenant and `action_id` (exactly-once effects), and
   * the attempts of every action shared by all workers (see ActionProcessor).
   */
  readonly unitOfWork?: UnitOfWork;
  /** Per-tenant quotas shared by every worker (PostgresRateLimiter). */
  readonly rateLimiter?: RateLimiter;
  /**
   * The only source of each tenant's tier, status and own limits (cached a few seconds):
   * unknown tenants are dead-lettered as `unknown_tenant`, suspended ones as
   * `tenant_suspended`. Without it each action runs at its queue's tier. A message's
   * `tenant_tier` never decides timeouts or quotas.
   */
  readonly tenants?: TenantDirectory;
  /** Handlers running at once; default 10. */
  readonly concurrency?: number;
  /** Messages held ready per queue beyond those running; default `concurrency`. */
  readonly prefetch?: number;
  /** Visibility of a received message, kept alive by heartbeats while held; default 30 s. */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait; default 20 s. */
  readonly waitTimeSeconds?: number;
  /** Failed handler runs before an action is dead-lettered with its last error; default 5. */
  readonly maxAttempts?: number;
  /** @deprecated Use `maxAttempts`: it counts failed runs, not deliveries. Same meaning. */
  readonly maxReceiveCount?: number;
  /** Runs alone that the process never finished before an action is dead-lettered as `worker_crashed`; default 2. */
  readonly maxCrashes?: number;
  /** Deliveries without a finished run before `max_receives_exceeded`; default 10 × `maxAttempts`. */
  readonly maxDeliveries?: number;
  /** Backoff between runs of a failing action. */
  readonly retry?: RetryDelayOptions;
  readonly handlerTimeoutsMs?: Partial<Record<TenantTier, number>>;
  readonly maxBodyBytes?: number;
  /** Where callbacks may go, and what happens to those that cannot be delivered. */
  readonly callbacks?: CallbackOptions;
  /** How long `stop()` waits for running handlers by default; default 30 s. */
  readonly shutdownTimeoutMs?: number;
  /** Acknowledgements are deleted in batches of 10, or after this long; default 5 ms. */
  readonly ackFlushMs?: number;
  readonly logger?: Logger;
  /** Called for every settled message (tests, metrics of your own). */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What happened to one message. */
export type WorkerEvent =
  | {
      readonly type: 'succeeded';
      readonly queue: string;
      readonly actionId: string;
      readonly replayed: boolean;
    }
  | {
      readonly type: 'retried';
      readonly queue: string;
      readonly actionId: string;
      readonly delaySeconds: number;
      readonly error: string;
    }
  | {
      readonly type: 'deferred';
      readonly queue: string;
      readonly actionId: string;
      readonly delaySeconds: number;
    }
  | {
      readonly type: 'dead-lettered';
      readonly queue: string;
      readonly reason: DeadLetterReason;
      readonly actionId?: string;
      readonly error: string;
    }
  | {
      readonly type: 'callback-dead-lettered';
      readonly queue: string;
      readonly reason: DeadLetterReason;
      readonly actionId: string;
      readonly error: string;
    }
  | { readonly type: 'released'; readonly queue: string; readonly count: number }
  | { readonly type: 'poll-failed'; readonly queue: string; readonly error: string };

/** Counters since start. */
export interface WorkerStats {
  received: number;
  succeeded: number;
  replayed: number;
  retried: number;
  deferred: number;
  deadLettered: number;
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
  callbacksSent: number;
  callbacksDeadLettered: number;
  /** Messages handed back to the queue at once (shutdown, FIFO order). */
  released: number;
  inFlight: number;
  buffered: number;
}

/** What `stop()` did. */
export interface ShutdownReport {
  /** Handlers that finished while the worker drained. */
  readonly completed: number;
  /** Messages handed back to the queue (visible again at once). */
  readonly released: number;
  /** Whether every running handler finished before the deadline. */
  readonly drained: boolean;
}

/**
 * Counters all at zero.
 *
 * @example
 * ```ts
 * const counters = emptyWorkerStats();
 * ```
 */
export function emptyWorkerStats(): WorkerStats {
  return {
    received: 0,
    succeeded: 0,
    replayed: 0,
    retried: 0,
    deferred: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    callbacksSent: 0,
    callbacksDeadLettered: 0,
    released: 0,
    inFlight: 0,
    buffered: 0,
  };
}
