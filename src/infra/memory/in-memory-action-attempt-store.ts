import type {
  ActionAttemptStore,
  ActionAttempts,
} from '../../domain/ports/action-attempt-store.js';
import type { ActionAttemptRecord, InMemoryState } from './in-memory-store.js';

const NONE: ActionAttemptRecord = { failures: 0, crashes: 0, running: false };

/**
 * An `ActionAttemptStore` over a Map of immutable records (replaced, never changed), so it
 * follows its unit of work: what a rolled-back run wrote is gone. In-memory units of work run
 * one at a time, so concurrent calls on one key are serialised and none is lost.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * const { crashes } = await uow.run(({ attempts }) => attempts.begin(`action:${actionId}`));
 * ```
 */
export class InMemoryActionAttemptStore implements ActionAttemptStore {
  constructor(private readonly state: InMemoryState) {}

  async begin(key: string): Promise<ActionAttempts> {
    const record = this.state.attempts.get(key) ?? NONE;
    return this.save(key, {
      failures: record.failures,
      crashes: record.crashes + (record.running ? 1 : 0),
      running: true,
    });
  }

  async fail(key: string): Promise<ActionAttempts> {
    const record = this.state.attempts.get(key) ?? NONE;
    return this.save(key, {
      failures: record.failures + 1,
      crashes: record.crashes,
      running: false,
    });
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

function counts({ failures, crashes }: ActionAttemptRecord): ActionAttempts {
  return { failures, crashes };
}
