import type { IsolationLevel, Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { BaltraDatabase } from './database-schema.js';
import { KyselyCandidateRepository } from './kysely-candidate-repository.js';
import { KyselyCompanyRepository } from './kysely-company-repository.js';
import { translateDatabaseError } from './translate-database-error.js';

export interface KyselyUnitOfWorkOptions {
  /** Isolation level of each transaction; default: the server's (READ COMMITTED). */
  readonly isolationLevel?: IsolationLevel;
}

/**
 * A `UnitOfWork` on PostgreSQL or PGlite: each `run` is one database transaction, committed
 * when the callback returns and rolled back when it throws (the callback's error is rethrown
 * unchanged). Failures to begin or commit become SDK errors (`ConflictError` for a
 * serialization failure, `DatabaseUnavailableError`, `InfrastructureError`).
 *
 * @example
 * ```ts
 * const uow = new KyselyUnitOfWork(openPglite());
 * const buckets = await uow.run(({ candidates }) => new FunnelService(candidates).buckets(companyId));
 * ```
 */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<BaltraDatabase>,
    private readonly options: KyselyUnitOfWorkOptions = {},
  ) {}

  async run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    let failure: { readonly error: unknown } | undefined;
    const builder = this.options.isolationLevel
      ? this.db.transaction().setIsolationLevel(this.options.isolationLevel)
      : this.db.transaction();
    try {
      return await builder.execute(async (trx) => {
        let open = true;
        try {
          return await work({
            candidates: guard(new KyselyCandidateRepository(trx), () => open),
            companies: guard(new KyselyCompanyRepository(trx), () => open),
          });
        } catch (error) {
          failure = { error };
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
}

/** Makes repositories unusable once their unit of work has settled, as the port requires. */
function guard<R extends object>(repository: R, isOpen: () => boolean): R {
  return new Proxy(repository, {
    get(target, property, receiver) {
      if (!isOpen()) throw new Error('repositories of a finished unit of work cannot be used');
      return Reflect.get(target, property, receiver);
    },
  });
}
