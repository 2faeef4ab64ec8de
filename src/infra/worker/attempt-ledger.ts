import type { ActionAttempts, AttemptRunMode } from '../../domain/ports/action-attempt-store.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';

const NONE: ActionAttempts = Object.freeze({ failures: 0, interruptions: 0, crashes: 0 });
/** Keys kept in the process-local Map; the oldest are forgotten first. */
const LOCAL_CAPACITY = 10_000;

/**
 * The worker's view of an action's attempts. With a unit of work, every call is a short unit
 * of work of its own on `repositories.attempts` (so a handler's rollback never erases its
 * failure, and every worker process shares the counts); without one, a Map in this process
 * (failures only: a crash takes the Map with it, and another process starts from zero).
 *
 * @example
 * ```ts
 * const ledger = new AttemptLedger(uow);
 * const { failures } = await ledger.fail('action:acme/order-7');
 * ```
 */
export class AttemptLedger {
  private readonly local = new Map<string, ActionAttempts>();

  constructor(private readonly unitOfWork: UnitOfWork | undefined) {}

  /** Whether crashes can be seen at all (only a store shared by processes outlives one). */
  get durable(): boolean {
    return this.unitOfWork !== undefined;
  }

  begin(key: string, mode: AttemptRunMode = 'shared'): Promise<ActionAttempts> {
    if (this.unitOfWork) return this.unitOfWork.run(({ attempts }) => attempts.begin(key, mode));
    return Promise.resolve(this.local.get(key) ?? NONE);
  }

  fail(key: string): Promise<ActionAttempts> {
    if (this.unitOfWork) return this.unitOfWork.run(({ attempts }) => attempts.fail(key));
    const before = this.local.get(key) ?? NONE;
    const after = { ...before, failures: before.failures + 1 };
    this.local.delete(key);
    this.local.set(key, after);
    if (this.local.size > LOCAL_CAPACITY) {
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
    return Promise.resolve(after);
  }

  clear(key: string): Promise<void> {
    if (this.unitOfWork) return this.unitOfWork.run(({ attempts }) => attempts.clear(key));
    this.local.delete(key);
    return Promise.resolve();
  }
}
