import type { Repositories } from '../../domain/ports/unit-of-work.js';
import { InMemoryActionAttemptStore } from './in-memory-action-attempt-store.js';
import { InMemoryCandidateRepository } from './in-memory-candidate-repository.js';
import { InMemoryCompanyRepository } from './in-memory-company-repository.js';
import { InMemoryDashboardQueries } from './in-memory-dashboard-queries.js';
import { InMemoryEventOutbox } from './in-memory-event-outbox.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryLeadCursorRepository } from './in-memory-lead-cursor-repository.js';
import { InMemoryOnboardingRepository } from './in-memory-onboarding-repository.js';
import { InMemoryQuarantineRepository } from './in-memory-quarantine-repository.js';
import { InMemoryStageTransitionRepository } from './in-memory-stage-transition-repository.js';
import { forkInMemoryState, type InMemoryState, replaceInMemoryState } from './in-memory-store.js';
import { InMemoryVacancyRepository } from './in-memory-vacancy-repository.js';

/**
 * One in-memory transaction (a unit of work's run, or a savepoint inside it): a private draft
 * of the state and the repositories bound to it. The repositories refuse to work once the
 * transaction has settled, and while one of its savepoints runs (the savepoint's draft would
 * otherwise overwrite what they wrote).
 *
 * @example
 * ```ts
 * const tx = new InMemoryTransaction(forkInMemoryState(committed));
 * try { await work(tx.repositories); committed = tx.draft; } finally { tx.settle(); }
 * ```
 */
export class InMemoryTransaction {
  readonly repositories: Repositories;
  private settled = false;
  private savepointRunning = false;

  constructor(readonly draft: InMemoryState) {
    const guard = <R extends object>(repository: R): R =>
      new Proxy(repository, {
        get: (target, property, receiver) => {
          this.assertUsable();
          return Reflect.get(target, property, receiver);
        },
      });
    this.repositories = {
      companies: guard(new InMemoryCompanyRepository(draft)),
      vacancies: guard(new InMemoryVacancyRepository(draft)),
      candidates: guard(new InMemoryCandidateRepository(draft)),
      transitions: guard(new InMemoryStageTransitionRepository(draft)),
      outbox: guard(new InMemoryEventOutbox(draft)),
      leadCursors: guard(new InMemoryLeadCursorRepository(draft)),
      quarantine: guard(new InMemoryQuarantineRepository(draft)),
      onboardings: guard(new InMemoryOnboardingRepository(draft)),
      idempotency: guard(new InMemoryIdempotencyStore(draft)),
      attempts: guard(new InMemoryActionAttemptStore(draft)),
      dashboards: guard(new InMemoryDashboardQueries(draft)),
      savepoint: (work) => this.savepoint(work),
    };
  }

  /** Makes the repositories unusable; called when the run or savepoint settles. */
  settle(): void {
    this.settled = true;
  }

  private async savepoint<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    this.assertUsable();
    const nested = new InMemoryTransaction(forkInMemoryState(this.draft));
    this.savepointRunning = true;
    try {
      const result = await work(nested.repositories);
      replaceInMemoryState(this.draft, nested.draft);
      return result;
    } finally {
      nested.settle();
      this.savepointRunning = false;
    }
  }

  private assertUsable(): void {
    if (this.settled) throw new Error('repositories of a finished unit of work cannot be used');
    if (this.savepointRunning) {
      throw new Error(
        'repositories of a unit of work cannot be used while one of its savepoints runs; use the savepoint’s repositories',
      );
    }
  }
}
