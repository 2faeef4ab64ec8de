import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { withIdempotency } from '../../domain/services/with-idempotency.js';
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
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
import type { ActionHandler, ActionHandlerContext } from './action-handler.js';
import { ActionHandlerRegistry } from './action-handler-registry.js';
import { HandlerTimeoutError } from './handler-timeout-error.js';
import { isPermanentFailure } from './is-permanent-failure.js';
import { WorkerConfigurationError } from './worker-configuration-error.js';

/** Options of {@link ActionProcessor}. */
export interface ActionProcessorOptions {
  readonly handlers: ActionHandlerRegistry | Iterable<ActionHandler>;
  /**
   * Runs each handler in one transaction keyed by `action_id` (`withIdempotency`): the effect
   * and the stored result commit together, and a redelivered action returns the stored result
   * without running again. Without it handlers get no repositories and effects are
   * at-least-once.
   */
  readonly unitOfWork?: UnitOfWork;
  /** Per-tenant quotas (the tier table); a refused action is deferred, never failed. */
  readonly rateLimiter?: RateLimiter;
  /** Deliveries allowed before an action goes to the dead-letter queue; default 5. */
  readonly maxReceiveCount?: number;
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
  | { readonly kind: 'retry'; readonly action: DomainAction; readonly error: unknown }
  | { readonly kind: 'deferred'; readonly action: DomainAction; readonly retryAfterMs: number }
  | {
      readonly kind: 'dead-letter';
      readonly reason: DeadLetterReason;
      readonly error: unknown;
      readonly action?: DomainAction;
    };

const DEFAULT_MAX_RECEIVE_COUNT = 5;

/**
 * The per-message pipeline shared by the `Worker` and the Lambda entry: parse the envelope →
 * find the handler → validate `data` → check the tenant's quota → run the handler in the
 * action's execution context, within its tier's timeout, in a unit of work keyed by
 * `action_id`. It never throws for a bad message: every message ends as `succeeded`,
 * `retry`, `deferred` or `dead-letter` with a reason.
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
  readonly maxReceiveCount: number;
  private readonly timeouts: Record<TenantTier, number>;
  private readonly logger: Logger | undefined;

  constructor(private readonly options: ActionProcessorOptions) {
    this.registry =
      options.handlers instanceof ActionHandlerRegistry
        ? options.handlers
        : new ActionHandlerRegistry(options.handlers);
    this.maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    if (!Number.isInteger(this.maxReceiveCount) || this.maxReceiveCount < 1) {
      throw new WorkerConfigurationError('maxReceiveCount must be a positive integer');
    }
    this.timeouts = {
      enterprise: TIER_POLICIES.enterprise.handlerTimeoutMs,
      professional: TIER_POLICIES.professional.handlerTimeoutMs,
      advance: TIER_POLICIES.advance.handlerTimeoutMs,
      free: TIER_POLICIES.free.handlerTimeoutMs,
      ...options.handlerTimeoutsMs,
    };
    this.logger = options.logger;
  }

  async process(input: ProcessInput): Promise<ProcessOutcome> {
    let action: DomainAction;
    try {
      action = parseDomainAction(input.body, this.parseOptions());
    } catch (error) {
      return deadLetter(error);
    }
    const handler = this.registry.get(action.action_type);
    if (handler === undefined) {
      return deadLetter(
        new MalformedActionError(
          'unknown_action_type',
          `No handler is registered for "${action.action_type}"`,
          { context: { actionType: action.action_type } },
        ),
        action,
      );
    }
    const parsed = handler.schema.safeParse(action.data);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
      return deadLetter(
        new MalformedActionError(
          'invalid_data',
          `Data of ${action.action_type} failed its schema: ${fields.join(', ') || '(root)'}`,
          { context: { actionType: action.action_type, fields } },
        ),
        action,
      );
    }
    if (input.receiveCount > this.maxReceiveCount) {
      return deadLetter(
        new MalformedActionError(
          'max_receives_exceeded',
          `Delivered ${input.receiveCount} times (at most ${this.maxReceiveCount})`,
        ),
        action,
      );
    }
    if (this.options.rateLimiter) {
      const decision = await this.options.rateLimiter.acquire({
        tenantId: action.tenant_id,
        tier: action.tenant_tier,
      });
      if (!decision.allowed) {
        return { kind: 'deferred', action, retryAfterMs: decision.retryAfterMs };
      }
    }
    try {
      const { result, replayed } = await runWithActionContext(action, () =>
        this.traced(action, input, () => this.run(handler, parsed.data, action, input)),
      );
      return { kind: 'succeeded', action, result, replayed };
    } catch (error) {
      if (isPermanentFailure(error)) {
        return { kind: 'dead-letter', reason: 'non_retryable_error', error, action };
      }
      if (input.receiveCount >= this.maxReceiveCount) {
        return { kind: 'dead-letter', reason: 'max_receives_exceeded', error, action };
      }
      return { kind: 'retry', action, error };
    }
  }

  private parseOptions() {
    return this.options.maxBodyBytes === undefined
      ? {}
      : { maxBodyBytes: this.options.maxBodyBytes };
  }

  /** A consumer span per handled action (skipped entirely under the no-op telemetry). */
  private async traced<T>(
    action: DomainAction,
    input: ProcessInput,
    work: () => Promise<T>,
  ): Promise<T> {
    const telemetry = getTelemetry();
    if (telemetry === noopTelemetry) return work();
    const span = telemetry.startSpan(`process ${action.action_type}`, {
      kind: 'consumer',
      attributes: {
        'messaging.operation': 'process',
        'baltra.receive_count': input.receiveCount,
      },
    });
    try {
      return await telemetry.withSpan(span, work);
    } catch (error) {
      span.recordError(error);
      throw error;
    } finally {
      span.end();
    }
  }

  private async run(
    handler: ActionHandler,
    data: unknown,
    action: DomainAction,
    input: ProcessInput,
  ): Promise<{ result: unknown; replayed: boolean }> {
    const timeoutMs = this.timeouts[action.tenant_tier];
    // The controller (and the listener on the caller's signal) is made only when a handler
    // reads its signal or the timeout fires: most handlers never look, and at tens of
    // thousands of actions per second the allocations show.
    let controller: AbortController | undefined;
    const outer = input.signal;
    const forwardAbort = () => controller?.abort(outer?.reason);
    const signal = () => {
      if (controller === undefined) {
        controller = new AbortController();
        if (outer?.aborted) controller.abort(outer.reason);
        else outer?.addEventListener('abort', forwardAbort, { once: true });
      }
      return controller.signal;
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new HandlerTimeoutError(action.action_type, timeoutMs);
        signal();
        controller?.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const logger = this.logger;
    const context = (repositories: ActionHandlerContext['repositories'] | undefined) =>
      ({
        action,
        receiveCount: input.receiveCount,
        get signal() {
          return signal();
        },
        get logger() {
          return logger ?? getLogger();
        },
        get repositories() {
          if (repositories === undefined) {
            throw new WorkerConfigurationError(
              `Handler ${action.action_type} needs repositories: give the worker a unitOfWork`,
            );
          }
          return repositories;
        },
      }) satisfies ActionHandlerContext;
    try {
      const unitOfWork = this.options.unitOfWork;
      if (unitOfWork === undefined) {
        const result = await Promise.race([handler.handle(data, context(undefined)), timeout]);
        return { result, replayed: false };
      }
      return await withIdempotency(unitOfWork, `action:${action.action_id}`, (repositories) =>
        Promise.race([handler.handle(data, context(repositories)), timeout]),
      );
    } finally {
      clearTimeout(timer);
      if (controller !== undefined) outer?.removeEventListener('abort', forwardAbort);
    }
  }
}

function deadLetter(error: unknown, action?: DomainAction): ProcessOutcome {
  const reason = error instanceof MalformedActionError ? error.reason : 'invalid_envelope';
  return action === undefined
    ? { kind: 'dead-letter', reason, error }
    : { kind: 'dead-letter', reason, error, action };
}
