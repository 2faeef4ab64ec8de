import type { ActionAttempts } from '../../domain/ports/action-attempt-store.js';
import type { TenantDirectory } from '../../domain/ports/tenant-directory.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import {
  type DeadLetterReason,
  MalformedActionError,
} from '../../shared/messaging/malformed-action-error.js';
import { parseDomainAction } from '../../shared/messaging/parse-domain-action.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import { runWithActionContext } from '../../shared/messaging/run-with-action-context.js';
import { type TenantTier, TIER_POLICIES } from '../../shared/messaging/tenant-tier.js';
import type { SpanIdentity } from '../../shared/telemetry/telemetry.js';
import { toActionFailure } from './action-failure.js';
import type { ActionHandler } from './action-handler.js';
import { ActionHandlerRegistry } from './action-handler-registry.js';
import { actionKey } from './action-key.js';
import { rememberActionTrace } from './action-trace.js';
import { AttemptLedger } from './attempt-ledger.js';
import {
  type AttemptPolicy,
  type DeadLetterVerdict,
  decideAfterFailure,
  decideBeforeRun,
} from './decide-outcome.js';
import { IdempotencyConflictError } from './idempotency-conflict-error.js';
import { IdempotentActionRun } from './idempotent-action-run.js';
import { invokeHandler } from './invoke-handler.js';
import { positiveInteger } from './positive-integer.js';
import { RunGate } from './run-gate.js';
import {
  type ResolvedTenant,
  type TenantResolution,
  TenantTierResolver,
} from './tenant-tier-resolver.js';
import { tracedAction } from './traced-action.js';
import { validateActionData } from './validate-action-data.js';

/** Options of {@link ActionProcessor}. */
export interface ActionProcessorOptions {
  readonly handlers: ActionHandlerRegistry | Iterable<ActionHandler>;
  /**
   * Runs each handler in one transaction keyed by tenant and `action_id`: the effect and the
   * stored result commit together, and a redelivered action returns the stored result without
   * running again. It also keeps each action's attempts (`repositories.attempts`), shared by
   * every worker. Without it handlers get no repositories, effects are at-least-once and
   * attempts are counted per process.
   */
  readonly unitOfWork?: UnitOfWork;
  /** Per-tenant quotas (the tier table); a refused action is deferred, never failed. */
  readonly rateLimiter?: RateLimiter;
  /**
   * The only source of a tenant's tier (cached a few seconds: see `CachingTenantDirectory`),
   * for timeouts, quotas, callbacks, logs and metrics; its own limits replace its tier's. An
   * unknown tenant is dead-lettered as `unknown_tenant`, a suspended one as `tenant_suspended`.
   * Without it an action runs at its queue's tier (`ProcessInput.queueTier`, else
   * `defaultTier`). The message's `tenant_tier` decides nothing either way.
   */
  readonly tenants?: TenantDirectory;
  /** The tier of actions whose queue names none, without `tenants`; default `enterprise`. */
  readonly defaultTier?: TenantTier;
  /** Failed handler runs before an action is dead-lettered; default 5 (a handler may set its own). */
  readonly maxAttempts?: number;
  /** @deprecated Use `maxAttempts`: it counts failed runs, not deliveries. */
  readonly maxReceiveCount?: number;
  /**
   * Runs of an action alone in its process that never ended (the process died: the action is
   * what kills it) before it is dead-lettered as `worker_crashed`; default 2. An action whose
   * run was interrupted once runs alone from then on, so a healthy action that merely ran
   * beside a crash poison (or a SIGKILL) is never blamed; a crash poison runs 2 + `maxCrashes`
   * times (its first delivery records nothing, its second shows it was interrupted).
   */
  readonly maxCrashes?: number;
  /** Deliveries without a finished run before `max_receives_exceeded` (a backstop); default 10 × `maxAttempts`. */
  readonly maxDeliveries?: number;
  /** Handler timeouts by tier; default the tier table (free 30 s … enterprise 300 s). */
  readonly handlerTimeoutsMs?: Partial<Record<TenantTier, number>>;
  /** Largest accepted body in bytes; default 256 KiB. */
  readonly maxBodyBytes?: number;
  readonly logger?: Logger;
}

/** A message as the processor needs it. */
export interface ProcessInput {
  readonly body: string;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
  /** Aborting it (the worker stops) aborts the handler's signal. */
  readonly signal?: AbortSignal;
  /**
   * The message's creation context (`readMessageTraceContext(message)`): the action's
   * consumer span is its child and links to it, so the producer's trace goes on.
   */
  readonly parent?: SpanIdentity | undefined;
  /** The queue it came from (`messaging.destination.name` of the consumer span). */
  readonly queue?: string | undefined;
  /** The broker's id of the message (`messaging.message.id`). */
  readonly messageId?: string | undefined;
  /** The broker (`messaging.system`): the queue's `messagingSystem`. */
  readonly system?: string | undefined;
  /** The operator's tier of that queue: the action's tier when there is no tenant directory. */
  readonly queueTier?: TenantTier | undefined;
}

/** What became of one message; the caller acknowledges, retries or dead-letters it. */
export type ProcessOutcome =
  | {
      readonly kind: 'succeeded';
      readonly action: DomainAction;
      readonly result: unknown;
      /** The action had already been applied: the stored result was returned. */
      readonly replayed: boolean;
    }
  | {
      readonly kind: 'retry';
      readonly action: DomainAction;
      readonly error: unknown;
      /** What the backoff grows with: failed runs so far (deliveries when the run never started). */
      readonly attempt: number;
    }
  | { readonly kind: 'deferred'; readonly action: DomainAction; readonly retryAfterMs: number }
  | {
      readonly kind: 'dead-letter';
      readonly reason: DeadLetterReason;
      readonly error: unknown;
      readonly action?: DomainAction;
      /** The action's recorded runs, when they were read. */
      readonly attempts?: ActionAttempts;
    };

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_MAX_CRASHES = 2;

/**
 * The per-message pipeline shared by the `Worker` and the Lambda entry: parse the envelope →
 * resolve the tenant's tier (the tenant directory's, else the queue's; never the message's) →
 * find the handler → validate `data` → check the tenant's quota → read the action's attempts
 * (on a redelivery) → run the handler in the action's execution context, within its tier's
 * deadline, in a unit of work keyed by tenant and `action_id` → decide. It never throws and
 * never rejects: every message ends `succeeded`, `retry`, `deferred` or `dead-letter` with a
 * reason, whatever its schema or handler throws.
 *
 * Attempts, not deliveries: an action is dead-lettered for failure after `maxAttempts` failed
 * runs, recorded outside the handler's transaction; deliveries that never ran it (a message
 * that sat in a dying worker's buffer) do not count. An action whose run was interrupted (the
 * process died while it ran) is a suspect and runs alone in its process from then on;
 * `maxCrashes` runs alone that never ended dead-letter it as `worker_crashed`. Before any dead
 * letter for failure, crashes or deliveries, an action already applied is acknowledged.
 *
 * @example
 * ```ts
 * const processor = new ActionProcessor({ handlers: [moveCandidate], unitOfWork: uow });
 * const outcome = await processor.process({ body: message.body, receiveCount: message.receiveCount });
 * if (outcome.kind === 'dead-letter') console.log(outcome.reason);
 * ```
 */
export class ActionProcessor {
  readonly registry: ActionHandlerRegistry;
  readonly policy: AttemptPolicy;
  private readonly timeouts: Record<TenantTier, number>;
  private readonly ledger: AttemptLedger;
  private readonly gate = new RunGate();
  private readonly parseOptions: { maxBodyBytes?: number };
  private readonly tenants: TenantTierResolver;

  constructor(private readonly options: ActionProcessorOptions) {
    this.registry =
      options.handlers instanceof ActionHandlerRegistry
        ? options.handlers
        : new ActionHandlerRegistry(options.handlers);
    const maxAttempts = positiveInteger(
      'maxAttempts',
      options.maxAttempts ?? options.maxReceiveCount ?? DEFAULT_MAX_ATTEMPTS,
    );
    this.policy = {
      maxAttempts,
      maxCrashes: positiveInteger('maxCrashes', options.maxCrashes ?? DEFAULT_MAX_CRASHES),
      maxDeliveries: positiveInteger('maxDeliveries', options.maxDeliveries ?? 10 * maxAttempts),
    };
    for (const type of this.registry.types()) {
      const own = this.registry.get(type)?.maxAttempts;
      if (own !== undefined) positiveInteger(`maxAttempts of ${type}`, own);
    }
    this.timeouts = {
      enterprise: TIER_POLICIES.enterprise.handlerTimeoutMs,
      professional: TIER_POLICIES.professional.handlerTimeoutMs,
      advance: TIER_POLICIES.advance.handlerTimeoutMs,
      free: TIER_POLICIES.free.handlerTimeoutMs,
      ...options.handlerTimeoutsMs,
    };
    this.ledger = new AttemptLedger(options.unitOfWork);
    this.tenants = new TenantTierResolver(
      options.tenants,
      options.defaultTier ?? 'enterprise',
      () => options.logger ?? getLogger(),
    );
    this.parseOptions =
      options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes };
  }

  /** @deprecated Use `policy.maxAttempts`. */
  get maxReceiveCount(): number {
    return this.policy.maxAttempts;
  }

  process(input: ProcessInput): Promise<ProcessOutcome> {
    let action: DomainAction;
    try {
      action = parseDomainAction(input.body, this.parseOptions);
    } catch (error) {
      const reason = error instanceof MalformedActionError ? error.reason : 'invalid_envelope';
      return Promise.resolve({ kind: 'dead-letter', reason, error });
    }
    // Not async itself: an async frame per message is ~1 KB of garbage and a promise more.
    let resolution: TenantResolution;
    try {
      const resolving = this.tenants.resolve(action, input.queueTier, input.queue);
      if (resolving instanceof Promise) return this.processLookedUp(action, resolving, input);
      resolution = resolving;
    } catch (error) {
      return Promise.resolve(infrastructureFailed(action, error, input));
    }
    return this.processResolved(resolution, input);
  }

  /** After a tenant directory lookup that was not cached. */
  private async processLookedUp(
    action: DomainAction,
    resolving: Promise<TenantResolution>,
    input: ProcessInput,
  ): Promise<ProcessOutcome> {
    try {
      return await this.processResolved(await resolving, input);
    } catch (error) {
      return infrastructureFailed(action, error, input);
    }
  }

  private processResolved(
    resolution: TenantResolution,
    input: ProcessInput,
  ): Promise<ProcessOutcome> {
    const { action } = resolution;
    rememberActionTrace(action, input.parent);
    if (resolution.kind !== 'run') return Promise.resolve(resolution);
    return this.processAction(action, resolution.tenant, input).catch((error: unknown) =>
      infrastructureFailed(action, error, input),
    );
  }

  private async processAction(
    action: DomainAction,
    tenant: ResolvedTenant,
    input: ProcessInput,
  ): Promise<ProcessOutcome> {
    const handler = this.registry.get(action.action_type);
    if (handler === undefined) {
      const error = new MalformedActionError(
        'unknown_action_type',
        `No handler is registered for "${action.action_type}"`,
        { context: { actionType: action.action_type } },
      );
      return { kind: 'dead-letter', reason: 'unknown_action_type', error, action };
    }
    const checked = validateActionData(handler, action);
    const validated = checked instanceof Promise ? await checked : checked;
    if (validated.kind === 'dead-letter') return { ...validated, action };
    if (this.options.rateLimiter) {
      const decision = await this.options.rateLimiter.acquire({
        tenantId: action.tenant_id,
        tier: tenant.tier,
        ...(tenant.limits && { limits: tenant.limits }),
      });
      if (!decision.allowed) {
        return { kind: 'deferred', action, retryAfterMs: decision.retryAfterMs };
      }
    }
    const policy =
      handler.maxAttempts === undefined
        ? this.policy
        : { ...this.policy, maxAttempts: handler.maxAttempts };
    const key = actionKey(action);
    const idempotent = this.options.unitOfWork
      ? new IdempotentActionRun(this.options.unitOfWork, action, key)
      : undefined;
    // The first delivery writes nothing before it runs: only a redelivery can follow a crash.
    const attempts =
      input.receiveCount > 1 && this.ledger.durable ? await this.ledger.begin(key) : undefined;
    const early = decideBeforeRun(input.receiveCount, attempts, policy);
    if (early) return this.deadLetterUnlessApplied(early, action, key, idempotent, attempts);
    const run = () =>
      runWithActionContext(action, () =>
        tracedAction(action, input, () =>
          invokeHandler({
            handler,
            data: validated.data,
            action,
            receiveCount: input.receiveCount,
            attempt: (attempts?.failures ?? 0) + 1,
            timeoutMs: tenant.limits?.handlerTimeoutMs ?? this.timeouts[tenant.tier],
            idempotent,
            signal: input.signal,
            logger: this.options.logger,
          }),
        ),
      );
    try {
      // A suspect (an earlier run never ended) runs alone, and is marked so once alone: if
      // the process dies now, the action is what killed it. (Marking it begins a second run
      // over the first: that counts one interruption more, never a crash.)
      let outcome: Awaited<ReturnType<typeof run>>;
      if (attempts !== undefined && attempts.interruptions > 0) {
        outcome = await this.gate.alone(async () => {
          await this.ledger.begin(key, 'alone');
          return run();
        });
      } else {
        const waiting = this.gate.enterShared();
        try {
          if (waiting) await waiting;
          outcome = await run();
        } finally {
          this.gate.leaveShared();
        }
      }
      const { result, replayed } = outcome;
      if (attempts !== undefined) await this.forget(key);
      return { kind: 'succeeded', action, result, replayed };
    } catch (error) {
      if (error instanceof IdempotencyConflictError) {
        return { kind: 'dead-letter', reason: 'idempotency_conflict', error, action };
      }
      const after = await this.ledger.fail(key);
      const verdict = decideAfterFailure(error, after, policy);
      if (verdict.kind === 'retry') {
        return { kind: 'retry', action, error, attempt: verdict.attempt };
      }
      return this.deadLetterUnlessApplied(verdict, action, key, idempotent, after);
    }
  }

  /** Completed means acknowledged: an action applied already is never dead-lettered. */
  private async deadLetterUnlessApplied(
    verdict: DeadLetterVerdict,
    action: DomainAction,
    key: string,
    idempotent: IdempotentActionRun | undefined,
    attempts: ActionAttempts | undefined,
  ): Promise<ProcessOutcome> {
    let applied: Awaited<ReturnType<IdempotentActionRun['findCompleted']>>;
    try {
      applied = await idempotent?.findCompleted();
    } catch (error) {
      if (error instanceof IdempotencyConflictError) {
        return { kind: 'dead-letter', reason: 'idempotency_conflict', error, action };
      }
      throw error;
    }
    // Forgotten either way, so a message redriven from the dead-letter queue starts afresh.
    await this.forget(key);
    if (applied) return { kind: 'succeeded', action, ...applied };
    return {
      kind: 'dead-letter',
      reason: verdict.reason,
      error: verdict.error,
      action,
      ...(attempts && { attempts }),
    };
  }

  private async forget(key: string): Promise<void> {
    try {
      await this.ledger.clear(key);
    } catch (error) {
      // Left behind, the record only makes a later action with this key fail sooner.
      (this.options.logger ?? getLogger()).warn('forgetting attempts failed', {
        error: toActionFailure(error),
      });
    }
  }
}

/**
 * Infrastructure failed around the handler (the tenant directory, the rate limiter, the
 * attempts store): the action did not run, so this is no attempt; back off by deliveries.
 */
function infrastructureFailed(
  action: DomainAction,
  error: unknown,
  input: ProcessInput,
): ProcessOutcome {
  return { kind: 'retry', action, error, attempt: input.receiveCount };
}
