import { type Kysely, sql } from 'kysely';
import { translateDatabaseError } from './translate-database-error.js';

const SAVEPOINT = sql.id('baltra_write');
const chains = new WeakMap<object, Promise<unknown>>();

/**
 * Runs one write of a repository so that its failure leaves the surrounding transaction usable,
 * as the in-memory adapter does: inside a transaction the write runs under a savepoint (rolled
 * back to on error), and writes on the same transaction are serialised so that their savepoints
 * cannot interleave. Errors are passed to `translate` (return `undefined` to fall back to
 * {@link translateDatabaseError}).
 *
 * @example
 * ```ts
 * await guardedWrite(db, 'add company', (db) => db.insertInto('companies').values(row).execute(),
 *   (error, facts) => (facts.sqlState === '23505' ? new ConflictError('exists') : undefined));
 * ```
 */
export function guardedWrite<DB, T>(
  db: Kysely<DB>,
  operation: string,
  work: (db: Kysely<DB>) => Promise<T>,
  translate: (error: unknown) => Error | undefined,
): Promise<T> {
  const fail = (error: unknown): never => {
    throw translate(error) ?? translateDatabaseError(error, operation);
  };
  if (!db.isTransaction) return work(db).catch(fail);

  const previous = chains.get(db) ?? Promise.resolve();
  const next = previous.then(async () => {
    await sql`savepoint ${SAVEPOINT}`.execute(db).catch(fail);
    try {
      const result = await work(db);
      await sql`release savepoint ${SAVEPOINT}`.execute(db);
      return result;
    } catch (error) {
      try {
        await sql`rollback to savepoint ${SAVEPOINT}`.execute(db);
        await sql`release savepoint ${SAVEPOINT}`.execute(db);
      } catch {
        // The connection itself failed; the original error says more.
      }
      return fail(error);
    }
  });
  chains.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}
