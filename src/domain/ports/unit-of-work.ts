import type { CandidateRepository } from './candidate-repository.js';
import type { CompanyRepository } from './company-repository.js';

/** The repositories bound to one unit of work (one transaction). */
export interface Repositories {
  readonly candidates: CandidateRepository;
  readonly companies: CompanyRepository;
}

/**
 * Runs work atomically. The callback receives repositories bound to one transaction: when it
 * returns, everything it wrote is committed; when it throws, nothing it wrote remains and the
 * error is rethrown unchanged. Repositories must not be used after the callback settles.
 *
 * @example
 * ```ts
 * const buckets = await uow.run(({ candidates }) =>
 *   new FunnelService(candidates).buckets(companyId),
 * );
 * ```
 */
export interface UnitOfWork {
  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
}
