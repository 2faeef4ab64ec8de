import { type Kysely, sql } from 'kysely';
import { ConflictError } from '../../domain/errors.js';
import type { IdempotencyClaim, IdempotencyStore } from '../../domain/ports/idempotency-store.js';
import type { BaltraDatabase } from './database-schema.js';
import { TransactionScope } from './transaction-scope.js';
import { databaseErrorFacts } from './translate-database-error.js';

/**
 * An `IdempotencyStore` on PostgreSQL or PGlite (table `idempotency_keys`), for
 * `withIdempotency`. `claim` is `INSERT … ON CONFLICT DO NOTHING RETURNING`: a row back means
 * the key is ours (`new`); none means someone committed it first, and its stored result is read
 * (`completed`). A concurrent duplicate blocks on the unique index until the first transaction
 * ends: it then reads the first one's result, or claims the key if the first rolled back. With a
 * `lock_timeout` set on the session, giving up waiting is a `ConflictError` (SQLSTATE 55P03).
 *
 * @example
 * ```ts
 * const { result, replayed } = await withIdempotency(uow, `action:${actionId}`, (repos) => work(repos));
 * ```
 */
export class KyselyIdempotencyStore implements IdempotencyStore {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async claim(key: string): Promise<IdempotencyClaim> {
    return this.scope.run(
      'claim idempotency key',
      async (db: Kysely<BaltraDatabase>) => {
        const claimed = await db
          .insertInto('idempotency_keys')
          .values({ key })
          .onConflict((conflict) => conflict.column('key').doNothing())
          .returning('key')
          .executeTakeFirst();
        if (claimed) return { state: 'new' } as const;
        const stored = await db
          .selectFrom('idempotency_keys')
          .select(['result', 'completed_at'])
          .where('key', '=', key)
          .executeTakeFirst();
        if (stored?.completed_at) return { state: 'completed', result: stored.result } as const;
        throw new ConflictError(
          stored
            ? `idempotency key ${key} is claimed but not completed (claimed earlier in this unit of work?)`
            : `idempotency key ${key} conflicted with a concurrent change; retry`,
          { context: { entity: 'IdempotencyKey', key } },
        );
      },
      (error) =>
        databaseErrorFacts(error).sqlState === '55P03'
          ? new ConflictError(
              `idempotency key ${key} is held by a unit of work still in progress; gave up waiting`,
              { cause: error, context: { entity: 'IdempotencyKey', key, sqlState: '55P03' } },
            )
          : undefined,
    );
  }

  async complete(key: string, result: unknown): Promise<void> {
    await this.scope.run('complete idempotency key', async (db: Kysely<BaltraDatabase>) => {
      const updated = await db
        .updateTable('idempotency_keys')
        .set({ result: JSON.stringify(result) ?? 'null', completed_at: sql<Date>`now()` })
        .where('key', '=', key)
        .where('completed_at', 'is', null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        throw new ConflictError(`idempotency key ${key} was not claimed, or is already completed`, {
          context: { entity: 'IdempotencyKey', key },
        });
      }
    });
  }
}
