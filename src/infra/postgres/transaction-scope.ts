import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, sql } from 'kysely';
import {
  contextCompanyId,
  isRowLevelSecurityOn,
  setCompanyForTransaction,
} from './row-level-security-mode.js';
import { translateDatabaseError } from './translate-database-error.js';

/** Gives an error its SDK meaning, or `undefined` to fall back to {@link translateDatabaseError}. */
export type TranslateError = (error: unknown) => Error | undefined;

/** A level of nesting in one transaction: the transaction itself or an open savepoint. */
class Frame {
  /** Settles when every step queued on this level so far has settled. */
  tail: Promise<unknown> = Promise.resolve();
  closed = false;
  constructor(readonly parent: Frame | undefined) {}
}

// The savepoint level the current async call chain runs in, per scope. Only set inside
// savepoints, so a repository call made from inside `savepoint(work)` lands in that savepoint
// whichever repositories object it went through, and never waits behind the savepoint itself.
// Created on the first savepoint, so importing this module costs nothing.
let currentFrames: AsyncLocalStorage<ReadonlyMap<TransactionScope, Frame>> | undefined;
const scopes = new WeakMap<object, TransactionScope>();

/**
 * The order and atomicity of the repositories' statements on one `Kysely` or `Transaction`.
 *
 * Inside a transaction, every step (one repository call: one statement, or a statement and a
 * follow-up lookup) runs after the previous one has settled, so a step never lands inside
 * another's savepoint nor in the middle of its failure. Steps are written so that they cannot
 * abort the transaction (`ON CONFLICT DO NOTHING`, `WHERE EXISTS` on the parent row, then a
 * lookup that names the conflict): they need no savepoint, and a caught `ConflictError` or
 * `NotFoundError` leaves the unit of work usable at no extra round trip. Multi-row writes that
 * can still fail in SQL run {@link atomic}ally: one savepoint per call, however many rows.
 * Outside a transaction each step simply runs (each statement autocommits), except under
 * row-level security with a company in the execution context: then each step is a transaction
 * of its own that sets `app.company_id` first.
 *
 * @example
 * ```ts
 * const scope = TransactionScope.of(trx);
 * const row = await scope.run('get company', (db) =>
 *   db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst(),
 * );
 * ```
 */
export class TransactionScope {
  readonly #db: Kysely<unknown>;
  readonly #root = new Frame(undefined);
  #savepoints = 0;

  private constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  /** The scope of `db`: one per `Kysely` or `Transaction` instance. */
  static of<DB>(db: Kysely<DB>): TransactionScope {
    let scope = scopes.get(db);
    if (!scope) {
      scope = new TransactionScope(db as unknown as Kysely<unknown>);
      scopes.set(db, scope);
    }
    return scope;
  }

  /**
   * Runs one step that cannot leave the transaction aborted, in order with the other steps;
   * database errors are translated (`translate` first, then {@link translateDatabaseError}).
   */
  run<T, DB>(
    operation: string,
    work: (db: Kysely<DB>) => Promise<T>,
    translate?: TranslateError,
  ): Promise<T> {
    const translated = (error: unknown) => fail(error, operation, translate);
    if (!this.#db.isTransaction) return this.#autocommit(work, 1).catch(translated);
    const db = this.#db as unknown as Kysely<DB>;
    return this.#enqueue(() => work(db).catch(translated));
  }

  /**
   * Runs statements all-or-nothing: inside a transaction under one savepoint (undone on
   * failure, leaving the transaction usable); outside one in a transaction of its own when
   * there is more than one statement.
   */
  atomic<T, DB>(
    operation: string,
    work: (db: Kysely<DB>) => Promise<T>,
    translate?: TranslateError,
    statements = 2,
  ): Promise<T> {
    const translated = (error: unknown) => fail(error, operation, translate);
    if (this.#db.isTransaction) {
      const db = this.#db as unknown as Kysely<DB>;
      return this.#enqueue((frame) => this.#underSavepoint(frame, () => work(db))).catch(
        translated,
      );
    }
    return this.#autocommit(work, statements).catch(translated);
  }

  /**
   * Nested work under a savepoint (the port's `Repositories.savepoint`): when `work` throws,
   * its writes are undone and its error is rethrown unchanged. Savepoints nest.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#db.isTransaction) {
      return Promise.reject(new Error('a savepoint needs a transaction (use a unit of work)'));
    }
    return this.#enqueue((frame) => this.#underSavepoint(frame, work));
  }

  /** Settles once every step queued so far has settled (call before committing). */
  async drain(): Promise<void> {
    let tail: Promise<unknown>;
    do {
      tail = this.#root.tail;
      await tail;
    } while (tail !== this.#root.tail);
  }

  /**
   * Outside a transaction: one statement as it is, several in a transaction of their own. Under
   * row-level security with a company in the execution context, always a transaction that sets
   * `app.company_id` first (without a company, the statements see no company's rows).
   */
  async #autocommit<T, DB>(work: (db: Kysely<DB>) => Promise<T>, statements: number): Promise<T> {
    const db = this.#db as unknown as Kysely<DB>;
    const companyId = isRowLevelSecurityOn(this.#db) ? contextCompanyId() : undefined;
    if (companyId !== undefined) {
      return db.transaction().execute(async (trx) => {
        await setCompanyForTransaction(trx, companyId);
        return work(trx);
      });
    }
    return statements <= 1 ? work(db) : db.transaction().execute((trx) => work(trx));
  }

  #enqueue<T>(job: (frame: Frame) => Promise<T>): Promise<T> {
    let frame = currentFrames?.getStore()?.get(this) ?? this.#root;
    // A step started inside a savepoint that has since finished belongs to the level around it.
    while (frame.closed && frame.parent) frame = frame.parent;
    const target = frame;
    const result = target.tail.then(() => job(target));
    target.tail = result.then(ignore, ignore);
    return result;
  }

  async #underSavepoint<T>(frame: Frame, work: () => Promise<T>): Promise<T> {
    this.#savepoints += 1;
    const name = sql.id(`baltra_sp_${this.#savepoints}`);
    await sql`savepoint ${name}`
      .execute(this.#db)
      .catch((error: unknown) => fail(error, 'savepoint', undefined));
    const child = new Frame(frame);
    currentFrames ??= new AsyncLocalStorage();
    const frames = new Map(currentFrames.getStore());
    frames.set(this, child);
    let result: T;
    try {
      result = await currentFrames.run(frames, work);
      await settle(child);
    } catch (error) {
      await settle(child);
      try {
        await sql`rollback to savepoint ${name}`.execute(this.#db);
        await sql`release savepoint ${name}`.execute(this.#db);
      } catch {
        // The connection itself failed; the original error says more.
      }
      throw error;
    }
    await sql`release savepoint ${name}`
      .execute(this.#db)
      .catch((error: unknown) => fail(error, 'release savepoint', undefined));
    return result;
  }
}

/** Waits for steps the work started but did not await, then closes the level. */
async function settle(frame: Frame): Promise<void> {
  let tail: Promise<unknown>;
  do {
    tail = frame.tail;
    await tail;
  } while (tail !== frame.tail);
  frame.closed = true;
}

function fail(error: unknown, operation: string, translate: TranslateError | undefined): never {
  throw translate?.(error) ?? translateDatabaseError(error, operation);
}

function ignore(): undefined {
  return undefined;
}
