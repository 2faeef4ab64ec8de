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
export function invokeHandler(invocation: HandlerInvocation): Promise<ActionRunResult> {
  const { handler, data, action, idempotent } = invocation;
  const run = new HandlerRun(invocation);
  const start = (repositories: Repositories | undefined): Promise<unknown> => {
    try {
      run.deadline.throwIfExpired();
      return Promise.resolve(handler.handle(data, new HandlerContext(run, repositories)));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  // One promise per race on top of the handler's: each pays AsyncLocalStorage's async hooks.
  const end = () => run.end();
  if (idempotent === undefined) {
    return run.deadline.race(
      start(undefined),
      (result): ActionRunResult => ({
        result: toJsonValue(result, action.action_type),
        replayed: false,
      }),
      end,
    );
  }
  return run.deadline.race(
    idempotent.execute((repositories) => run.deadline.race(start(repositories))),
    undefined,
    end,
  );
}

/** The state of one run: its deadline and the handler's signal, made only when read. */
class HandlerRun {
  readonly deadline: HandlerDeadline;
  // The controller (and the listener on the caller's signal) is made only when a handler
  // reads its signal or the deadline passes: most handlers never look, and at tens of
  // thousands of actions per second the allocations show.
  private controller: AbortController | undefined;
  private forwardAbort: (() => void) | undefined;
  private readonly outer: AbortSignal | undefined;

  constructor(readonly invocation: HandlerInvocation) {
    this.outer = invocation.signal;
    this.deadline = new HandlerDeadline(
      invocation.action.action_type,
      invocation.timeoutMs,
      (error) => this.signal().controller?.abort(error),
    );
  }

  signal(): { readonly controller: AbortController; readonly signal: AbortSignal } {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const outer = this.outer;
      if (outer?.aborted) controller.abort(outer.reason);
      else if (outer !== undefined) {
        this.forwardAbort = () => controller.abort(outer.reason);
        outer.addEventListener('abort', this.forwardAbort, { once: true });
      }
    }
    return { controller: this.controller, signal: this.controller.signal };
  }

  end(): void {
    this.deadline.clear();
    if (this.forwardAbort !== undefined)
      this.outer?.removeEventListener('abort', this.forwardAbort);
  }
}

/**
 * What a handler receives next to its data: a class (no closure per getter and run) whose
 * only own keys are its plain facts; `signal`, `logger` and `repositories` are read lazily.
 */
class HandlerContext implements ActionHandlerContext {
  readonly action: DomainAction;
  readonly receiveCount: number;
  readonly attempt: number;
  readonly #run: HandlerRun;
  readonly #repositories: Repositories | undefined;

  constructor(run: HandlerRun, repositories: Repositories | undefined) {
    this.action = run.invocation.action;
    this.receiveCount = run.invocation.receiveCount;
    this.attempt = run.invocation.attempt;
    this.#run = run;
    this.#repositories = repositories;
  }

  get signal(): AbortSignal {
    return this.#run.signal().signal;
  }

  get logger(): Logger {
    return this.#run.invocation.logger ?? getLogger();
  }

  get repositories(): Repositories {
    if (this.#repositories === undefined) {
      throw new WorkerConfigurationError(
        `Handler ${this.action.action_type} needs repositories: give the worker a unitOfWork`,
      );
    }
    return this.#repositories;
  }
}
