import type { Repositories, UnitOfWork } from '../../../domain/ports/unit-of-work.js';
import { RedisIdempotencyScope } from './redis-idempotency-scope.js';
import type { RedisIdempotencyStore } from './redis-idempotency-store.js';

/**
 * A `UnitOfWork` whose runs keep their idempotency keys in Redis instead of the database:
 * each `run` of the inner unit of work gets a fresh `RedisIdempotencyScope` as
 * `repositories.idempotency` (savepoints included). Claims go to Redis when they are made, so
 * a concurrent duplicate — in this process or another — waits for the run. When the run
 * throws (the inner unit of work rolled back), its claims are released and the error is
 * rethrown. When it returns (the inner unit of work committed), the results it completed are
 * written to Redis — after the commit, never before — and claims it left uncompleted are
 * released; a result that cannot be written fails the run with
 * `IdempotencyResultNotSavedError` although its SQL work is committed.
 *
 * What it guarantees: a completed result is replayed for the retention; two runs never hold
 * one key at the same time while the holder is alive (its lease is renewed); a rolled-back
 * run leaves the key free. What it does not: Redis is not in the SQL transaction, so a process
 * that dies (or loses Redis) between the SQL commit and the Redis write leaves an in-progress
 * marker that expires after the lease, and the work can then run again — at-least-once, not
 * exactly-once. For actions that write to the database, keep the idempotency record in the
 * same transaction (`KyselyIdempotencyStore`, exactly-once); use this for effects outside the
 * database, or when the duplicate a crash can cause is acceptable
 * (docs/adr/0022-cache-port-and-redis-idempotency.md).
 *
 * @example
 * ```ts
 * const store = new RedisIdempotencyStore(redis, { leaseMs: 15_000 });
 * const uow = new RedisIdempotentUnitOfWork(new KyselyUnitOfWork(db), store);
 * const { replayed } = await withIdempotency(uow, `sms:${candidateId}:${step}`, async () => sms.send(text));
 * ```
 */
export class RedisIdempotentUnitOfWork implements UnitOfWork {
  readonly #inner: UnitOfWork;
  readonly #store: RedisIdempotencyStore;

  constructor(inner: UnitOfWork, store: RedisIdempotencyStore) {
    this.#inner = inner;
    this.#store = store;
  }

  async run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const scope = new RedisIdempotencyScope(this.#store);
    let result: T;
    try {
      result = await this.#inner.run((repositories) => work(withScope(repositories, scope)));
    } catch (error) {
      await scope.rollback();
      throw error;
    }
    await scope.commit();
    return result;
  }
}

/** `repositories` with `scope` as their idempotency store, in savepoints too. */
function withScope(repositories: Repositories, scope: RedisIdempotencyScope): Repositories {
  return {
    ...repositories,
    idempotency: scope,
    savepoint: (work) => {
      const mark = scope.mark();
      return repositories.savepoint(async (nested) => {
        try {
          return await work(withScope(nested, scope));
        } catch (error) {
          await scope.undoTo(mark);
          throw error;
        }
      });
    },
  };
}
