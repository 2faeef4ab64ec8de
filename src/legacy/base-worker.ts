import type { ActionHandlerContext } from '../infra/worker/action-handler.js';
import { Worker } from '../infra/worker/worker.js';
import type { ShutdownReport, WorkerOptions } from '../infra/worker/worker-options.js';
import type { DomainAction } from '../shared/messaging/domain-action.js';
import { CatchAllHandlerRegistry } from './catch-all-handler-registry.js';
import { warnDeprecated } from './warn-deprecated.js';

/** Options of {@link BaseWorker}: the `Worker`'s, with the action types instead of handlers. */
export interface BaseWorkerOptions extends Omit<WorkerOptions, 'handlers'> {
  /** Action types this worker handles; others are dead-lettered as `unknown_action_type`. Default: all. */
  readonly actionTypes?: readonly string[];
}

/**
 * @deprecated Use a `Worker` from `@baltra/sdk/worker` with one `defineActionHandler()` per
 * action type (its `data` validated by a schema). nooble4's `BaseWorker`: subclass it and
 * implement `handleAction`; `start()` polls the queues through a `Worker`, which brings its
 * retries, dead letters, callbacks (what `handleAction` returns goes to the action's
 * `callback_queue`), exactly-once effects with a `unitOfWork`, and graceful `stop()`.
 *
 * @example
 * ```ts
 * class EmbeddingWorker extends BaseWorker {
 *   protected async handleAction(action: DomainAction) {
 *     return { vector: await embed(String(action.data.text)) };
 *   }
 * }
 * const worker = new EmbeddingWorker({ queue, queues: ['embedding-requests'] }).start(); // warns once: BALTRA_DEP010
 * await worker.stop();
 * ```
 */
export abstract class BaseWorker {
  /** The `Worker` doing the work (stats, `whenIdle()`, `stopOnSignals()`). */
  readonly worker: Worker;

  constructor(options: BaseWorkerOptions) {
    warnDeprecated(
      'BALTRA_DEP010',
      'BaseWorker',
      'Worker with defineActionHandler() from @baltra/sdk/worker',
    );
    const { actionTypes, ...workerOptions } = options;
    this.worker = new Worker({
      ...workerOptions,
      handlers: new CatchAllHandlerRegistry(
        async (_data, context) => (await this.handleAction(context.action, context)) ?? null,
        actionTypes === undefined ? undefined : new Set(actionTypes),
      ),
    });
  }

  /**
   * Handles one action; what it returns is the action's result. Throwing retries the action
   * (a permanent error, such as a `ValidationError`, dead-letters it at once).
   */
  protected abstract handleAction(
    action: DomainAction,
    context: ActionHandlerContext,
  ): Promise<unknown>;

  /** Starts polling (see `Worker.start`). */
  start(): this {
    this.worker.start();
    return this;
  }

  /** Graceful shutdown (see `Worker.stop`). */
  stop(options: { readonly timeoutMs?: number } = {}): Promise<ShutdownReport> {
    return this.worker.stop(options);
  }
}
