import type { IsolationLevel, Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { BaltraDatabase } from './database-schema.js';
import { KyselyActionAttemptStore } from './kysely-action-attempt-store.js';
import { KyselyCandidateRepository } from './kysely-candidate-repository.js';
import { KyselyCompanyRepository } from './kysely-company-repository.js';
import { KyselyDashboardQueries } from './kysely-dashboard-queries.js';
import { KyselyEventOutbox } from './kysely-event-outbox.js';
import { KyselyIdempotencyStore } from './kysely-idempotency-store.js';
import { KyselyLeadCursorRepository } from './kysely-lead-cursor-repository.js';
import { KyselyOnboardingRepository } from './kysely-onboarding-repository.js';
import { KyselyQuarantineRepository } from './kysely-quarantine-repository.js';
import { KyselyStageTransitionRepository } from './kysely-stage-transition-repository.js';
import { KyselyVacancyRepository } from './kysely-vacancy-repository.js';
import {
  checkedCompanyId,
  contextCompanyId,
  isRowLevelSecurityOn,
  setCompanyForTransaction,
} from './row-level-security-mode.js';
import { TransactionScope } from './transaction-scope.js';
import { translateDatabaseError } from './translate-database-error.js';

export interface KyselyUnitOfWorkOptions {
  /** Isolation level of each transaction; default: the server's (READ COMMITTED). */
  readonly isolationLevel?: IsolationLevel;
  /**
   * Whether each transaction starts with `set_config('app.company_id', companyId, true)` for
   * PostgreSQL row-level security (docs/guides/security.md). Default: on after
   * `enableRowLevelSecurity(db)`, off after `disableRowLevelSecurity(db)`, otherwise
   * `BALTRA_POSTGRES_ROW_LEVEL_SECURITY` (unset: off).
   */
  readonly rowLevelSecurity?: boolean;
  /**
   * The company of the `run` being started (a UUID), or `undefined` for none (then the
   * company-scoped tables read empty under row-level security); read when `run` is called.
   * Default: the execution context's `companyId`.
   */
  readonly companyId?: () => string | undefined;
}

/**
 * A `UnitOfWork` on PostgreSQL or PGlite: each `run` is one database transaction, committed
 * when the callback returns and rolled back when it throws (the callback's error is rethrown
 * unchanged), with every repository of the port bound to it and `savepoint(work)` for nested
 * work (`SAVEPOINT` / `ROLLBACK TO` / `RELEASE`, uniquely named, nestable). Failures to begin or
 * commit become SDK errors (`ConflictError` for a serialization failure,
 * `DatabaseUnavailableError`, `InfrastructureError`).
 *
 * With row-level security on (see {@link KyselyUnitOfWorkOptions.rowLevelSecurity}), each
 * transaction is limited to the company of the execution context
 * (`runWithContext({ companyId }, …)`): `SET LOCAL app.company_id` through `set_config`, as a
 * parameter. A `companyId` that is not a UUID is a `ValidationError` before anything runs.
 *
 * A repository call that fails with `ConflictError` or `NotFoundError` leaves the transaction
 * usable without a savepoint per write: single-row writes cannot abort it (`ON CONFLICT DO
 * NOTHING`, `WHERE EXISTS`), multi-row writes take one savepoint per call. Calls on one unit of
 * work run one after another, in the order they were made.
 *
 * @example
 * ```ts
 * const uow = new KyselyUnitOfWork(openPglite());
 * const buckets = await uow.run((repos) => new FunnelService(repos).buckets(companyId));
 * const moved = await uow.run((repos) => new FunnelService(repos).moveCandidate({ candidateId, to: 'screening' }));
 * ```
 */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<BaltraDatabase>,
    private readonly options: KyselyUnitOfWorkOptions = {},
  ) {}

  async run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    let failure: { readonly error: unknown } | undefined;
    const companyId = this.companyForRun();
    const builder = this.options.isolationLevel
      ? this.db.transaction().setIsolationLevel(this.options.isolationLevel)
      : this.db.transaction();
    try {
      return await builder.execute(async (trx) => {
        if (companyId !== undefined) await setCompanyForTransaction(trx, companyId);
        const scope = TransactionScope.of<BaltraDatabase>(trx);
        let open = true;
        const isOpen = () => open;
        try {
          const repositories = bindRepositories(trx, scope, isOpen);
          const result = await work(repositories);
          // Statements the work started but did not await must not run after the commit.
          await scope.drain();
          return result;
        } catch (error) {
          failure = { error };
          await scope.drain();
          throw error;
        } finally {
          open = false;
        }
      });
    } catch (error) {
      // The callback's own error wins, even if the rollback after it failed too.
      if (failure) throw failure.error;
      throw translateDatabaseError(error, 'unit of work');
    }
  }

  /** The company to set for this run: none when row-level security is off. */
  private companyForRun(): string | undefined {
    if (!(this.options.rowLevelSecurity ?? isRowLevelSecurityOn(this.db))) return undefined;
    return this.options.companyId ? checkedCompanyId(this.options.companyId()) : contextCompanyId();
  }
}

function bindRepositories(
  trx: Kysely<BaltraDatabase>,
  scope: TransactionScope,
  isOpen: () => boolean,
): Repositories {
  const repositories: Repositories = {
    companies: guard(new KyselyCompanyRepository(trx), isOpen),
    vacancies: guard(new KyselyVacancyRepository(trx), isOpen),
    candidates: guard(new KyselyCandidateRepository(trx), isOpen),
    transitions: guard(new KyselyStageTransitionRepository(trx), isOpen),
    outbox: guard(new KyselyEventOutbox(trx), isOpen),
    leadCursors: guard(new KyselyLeadCursorRepository(trx), isOpen),
    quarantine: guard(new KyselyQuarantineRepository(trx), isOpen),
    onboardings: guard(new KyselyOnboardingRepository(trx), isOpen),
    idempotency: guard(new KyselyIdempotencyStore(trx), isOpen),
    attempts: guard(new KyselyActionAttemptStore(trx), isOpen),
    dashboards: guard(new KyselyDashboardQueries(trx), isOpen),
    savepoint<R>(work: (nested: Repositories) => Promise<R>): Promise<R> {
      assertOpen(isOpen);
      // The same repositories: calls made inside `work` land in the savepoint whichever
      // object they go through (see TransactionScope).
      return scope.savepoint(() => work(repositories));
    },
  };
  return repositories;
}

/** Makes repositories unusable once their unit of work has settled, as the port requires. */
function guard<R extends object>(repository: R, isOpen: () => boolean): R {
  return new Proxy(repository, {
    get(target, property) {
      assertOpen(isOpen);
      const value: unknown = Reflect.get(target, property, target);
      // Bound to the repository itself, so methods may use private fields.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function assertOpen(isOpen: () => boolean): void {
  if (!isOpen()) throw new Error('repositories of a finished unit of work cannot be used');
}
