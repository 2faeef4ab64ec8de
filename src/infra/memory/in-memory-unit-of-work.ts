import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { InMemoryCandidateRepository } from './in-memory-candidate-repository.js';
import { InMemoryCompanyRepository } from './in-memory-company-repository.js';
import { cloneInMemoryState, emptyInMemoryState, type InMemoryState } from './in-memory-store.js';

/**
 * A `UnitOfWork` over Maps with real transaction semantics: each `run` works on a private
 * copy of the state that replaces the shared state only when the callback returns, so a
 * throw leaves nothing behind. Runs are serialised, like SERIALIZABLE transactions.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * await uow.run(async ({ companies }) => companies.add(aCompany({ id: companyId })));
 * const buckets = await uow.run(({ candidates }) => new FunnelService(candidates).buckets(companyId));
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

  /** A copy of the committed state, for assertions in tests. */
  snapshot(): InMemoryState {
    return cloneInMemoryState(this.state);
  }

  private async runNow<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const draft = cloneInMemoryState(this.state);
    let open = true;
    const guard = <R extends object>(repository: R): R =>
      new Proxy(repository, {
        get(target, property, receiver) {
          if (!open) throw new Error('repositories of a finished unit of work cannot be used');
          return Reflect.get(target, property, receiver);
        },
      });
    try {
      const result = await work({
        candidates: guard(new InMemoryCandidateRepository(draft)),
        companies: guard(new InMemoryCompanyRepository(draft)),
      });
      this.state = draft;
      return result;
    } finally {
      open = false;
    }
  }
}
