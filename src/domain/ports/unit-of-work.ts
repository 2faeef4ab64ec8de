import type { ActionAttemptStore } from './action-attempt-store.js';
import type { CandidateRepository } from './candidate-repository.js';
import type { CompanyRepository } from './company-repository.js';
import type { DashboardQueries } from './dashboard-queries.js';
import type { EventOutbox } from './event-outbox.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { LeadCursorRepository } from './lead-cursor-repository.js';
import type { OnboardingRepository } from './onboarding-repository.js';
import type { QuarantineRepository } from './quarantine-repository.js';
import type { StageTransitionRepository } from './stage-transition-repository.js';
import type { VacancyRepository } from './vacancy-repository.js';

/** The repositories bound to one unit of work (one transaction). */
export interface Repositories {
  readonly companies: CompanyRepository;
  readonly vacancies: VacancyRepository;
  readonly candidates: CandidateRepository;
  readonly transitions: StageTransitionRepository;
  readonly outbox: EventOutbox;
  readonly leadCursors: LeadCursorRepository;
  readonly quarantine: QuarantineRepository;
  readonly onboardings: OnboardingRepository;
  readonly idempotency: IdempotencyStore;
  /** Runs per action: the worker writes them in a unit of work of its own, never a handler's. */
  readonly attempts: ActionAttemptStore;
  readonly dashboards: DashboardQueries;
  /**
   * Nested work inside this unit of work (a savepoint): when `work` throws, only its own
   * writes are undone and the error is rethrown; the outer unit of work goes on.
   */
  savepoint<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
}

/**
 * Runs work atomically. The callback receives repositories bound to one transaction: when it
 * returns, everything it wrote is committed; when it throws, nothing it wrote remains and the
 * error is rethrown unchanged. Repositories must not be used after the callback settles.
 *
 * @example
 * ```ts
 * const buckets = await uow.run((repos) => new FunnelService(repos).buckets(companyId));
 * ```
 */
export interface UnitOfWork {
  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
}
