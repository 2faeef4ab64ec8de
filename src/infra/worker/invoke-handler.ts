import type { Repositories } from '../../domain/ports/unit-of-work.js';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import type { ActionHandler, ActionHandlerContext } from './action-handler.js';
import { HandlerDeadline } from './handler-deadline.js';
import {
  type ActionRunResult,
  type IdempotentActionRun,
  toJsonValue,
} from './idempotent-action-run.js';
import { WorkerConfigurationError } from './worker-configuration-error.js';

/** One run of a handler, as {@link invokeHandler} needs it. */
export interface HandlerInvocation {
  readonly handler: ActionHandler;
  readonly data: unknown;
  readonly action: DomainAction;
  readonly receiveCount: number;
  readonly attempt: number;
  readonly timeoutMs: number;
  /** The run's unit of work keyed by the action; without it handlers get no repositories. */
  readonly idempotent?: IdempotentActionRun | undefined;
  /** Aborting it (the worker gives up on shutdown) aborts the handler's signal. */
  readonly signal?: AbortSignal | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * Runs a handler within its deadline: the time counts from before the unit of work starts, so
 * waiting for a connection or for the idempotency key's lock is covered; a run whose deadline
 * passed before the handler started never starts it (its unit of work rolls back). Nothing it
 * creates can reject unobserved, and a handler that throws synchronously or throws a non-Error
 * value rejects like any other.
 *
 * @example
 * ```ts
 * const { result, replayed } = await invokeHandler({ handler, data, action, receiveCount: 1, attempt: 1, timeoutMs: 30_000 });
 * ```
 */
export async function invokeHandler(invocation: HandlerInvocation): Promise<ActionRunResult> {
  const { handler, data, action, idempotent } = invocation;
  // The controller (and the listener on the caller's signal) is made only when a handler
  // reads its signal or the deadline passes: most handlers never look, and at tens of
  // thousands of actions per second the allocations show.
  let controller: AbortController | undefined;
  const outer = invocation.signal;
  const forwardAbort = () => controller?.abort(outer?.reason);
  const signal = () => {
    if (controller === undefined) {
      controller = new AbortController();
      if (outer?.aborted) controller.abort(outer.reason);
      else outer?.addEventListener('abort', forwardAbort, { once: true });
    }
    return controller.signal;
  };
  const deadline = new HandlerDeadline(action.action_type, invocation.timeoutMs, (error) => {
    signal();
    controller?.abort(error);
  });
  const logger = invocation.logger;
  const context = (repositories: Repositories | undefined): ActionHandlerContext => ({
    action,
    receiveCount: invocation.receiveCount,
    attempt: invocation.attempt,
    get signal() {
      return signal();
    },
    get logger() {
      return logger ?? getLogger();
    },
    get repositories(): Repositories {
      if (repositories === undefined) {
        throw new WorkerConfigurationError(
          `Handler ${action.action_type} needs repositories: give the worker a unitOfWork`,
        );
      }
      return repositories;
    },
  });
  const run = async (repositories: Repositories | undefined) => {
    deadline.throwIfExpired();
    return handler.handle(data, context(repositories));
  };
  try {
    if (idempotent === undefined) {
      const result = await deadline.race(run(undefined));
      return { result: toJsonValue(result, action.action_type), replayed: false };
    }
    return await deadline.race(
      idempotent.execute((repositories) => deadline.race(run(repositories))),
    );
  } finally {
    deadline.clear();
    if (controller !== undefined) outer?.removeEventListener('abort', forwardAbort);
  }
}
