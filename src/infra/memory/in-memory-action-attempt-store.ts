import type {
  ActionAttemptStore,
  ActionAttempts,
  AttemptRunMode,
} from '../../domain/ports/action-attempt-store.js';
import type { ActionAttemptRecord, InMemoryState } from './in-memory-store.js';

const NONE: ActionAttemptRecord = { failures: 0, interruptions: 0, crashes: 0, openRun: undefined };

/**
 * An `ActionAttemptStore` over a Map of immutable records (replaced, never changed), so it
 * follows its unit of work: what a rolled-back run wrote is gone. Each record keeps the mode of
 * its open run: a `begin` that finds one open counts an interruption, and a crash too when that
 * run was begun `'alone'`. In-memory units of work run one at a time, so concurrent calls on
 * one key are serialised and none is lost.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * const { crashes } = await uow.run(({ attempts }) => attempts.begin(`action:${actionId}`, 'alone'));
 * ```
 */
export class InMemoryActionAttemptStore implements ActionAttemptStore {
  constructor(private readonly state: InMemoryState) {}

  async begin(key: string, mode: AttemptRunMode = 'shared'): Promise<ActionAttempts> {
    const record = this.state.attempts.get(key) ?? NONE;
    return this.save(key, {
      failures: record.failures,
      interruptions: record.interruptions + (record.openRun === undefined ? 0 : 1),
      crashes: record.crashes + (record.openRun === 'alone' ? 1 : 0),
      openRun: mode,
    });
  }

  async fail(key: string): Promise<ActionAttempts> {
    const record = this.state.attempts.get(key) ?? NONE;
    return this.save(key, { ...record, failures: record.failures + 1, openRun: undefined });
  }

  async get(key: string): Promise<ActionAttempts> {
    return counts(this.state.attempts.get(key) ?? NONE);
  }

  async clear(key: string): Promise<void> {
    this.state.attempts.delete(key);
  }

  private save(key: string, record: ActionAttemptRecord): ActionAttempts {
    this.state.attempts.set(key, record);
    return counts(record);
  }
}

function counts({ failures, interruptions, crashes }: ActionAttemptRecord): ActionAttempts {
  return { failures, interruptions, crashes };
}
