import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import {
  cloneInMemoryState,
  emptyInMemoryState,
  forkInMemoryState,
  type InMemoryState,
} from './in-memory-store.js';
import { InMemoryTransaction } from './in-memory-transaction.js';

/**
 * A `UnitOfWork` over Maps with real transaction semantics: each `run` works on a private
 * copy of the state that replaces the shared state only when the callback returns, so a
 * throw leaves nothing behind. Runs are serialised, like SERIALIZABLE transactions.
 * `savepoint` nests the same way: a throwing savepoint undoes only its own writes.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * await uow.run(async ({ companies }) => companies.add(aCompany({ id: companyId })));
 * const buckets = await uow.run((repos) => new FunnelService(repos).buckets(companyId));
 * ```
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private state: InMemoryState;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: InMemoryState = emptyInMemoryState()) {
    this.state = initial;
  }

  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => this.runNow(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A deep copy of the committed state, for assertions in tests. */
  snapshot(): InMemoryState {
    return cloneInMemoryState(this.state);
  }

  private async runNow<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const transaction = new InMemoryTransaction(forkInMemoryState(this.state));
    try {
      const result = await work(transaction.repositories);
      this.state = transaction.draft;
      return result;
    } finally {
      transaction.settle();
    }
  }
}
