import { type Kysely, sql } from 'kysely';
import type {
  ActionAttemptStore,
  ActionAttempts,
  AttemptRunMode,
} from '../../domain/ports/action-attempt-store.js';
import type { BaltraDatabase } from './database-schema.js';
import { TransactionScope } from './transaction-scope.js';

const COUNTS = ['failures', 'interruptions', 'crashes'] as const;

/**
 * An `ActionAttemptStore` on PostgreSQL or PGlite (table `action_attempts`, migration 0005).
 * The row keeps the mode of its open run (`open_run`: null, `'shared'` or `'alone'`), so a
 * `begin` that finds one open counts an interruption, and a crash too when it was begun alone.
 * Every method is one statement, so one round trip: `begin` and `fail` are upserts that
 * compute the new counts from the stored row (`ON CONFLICT (key) DO UPDATE … RETURNING`), so
 * concurrent calls on one key from other units of work wait for the row lock and then apply on
 * the latest committed counts instead of losing an update. Under REPEATABLE READ or
 * SERIALIZABLE such a concurrent update fails with `ConflictError` instead (retry the unit of
 * work); under the default READ COMMITTED it never does.
 *
 * @example
 * ```ts
 * const attempts = new KyselyActionAttemptStore(db); // outside a unit of work: autocommits
 * const { interruptions, crashes } = await attempts.begin(`action:${actionId}`, 'alone');
 * const { failures } = await attempts.fail(`action:${actionId}`);
 * ```
 */
export class KyselyActionAttemptStore implements ActionAttemptStore {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  begin(key: string, mode: AttemptRunMode = 'shared'): Promise<ActionAttempts> {
    return this.scope.run('begin action attempt', (db: Kysely<BaltraDatabase>) =>
      db
        .insertInto('action_attempts')
        .values({ key, open_run: mode })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            // `action_attempts.*` is the stored row, before this update. Its open run was begun
            // and never ended: the process running it died, or was killed.
            interruptions: sql<number>`action_attempts.interruptions
              + (case when action_attempts.open_run is null then 0 else 1 end)`,
            // Begun alone, nothing else in its process could have killed it: a crash.
            crashes: sql<number>`action_attempts.crashes
              + (case when action_attempts.open_run = 'alone' then 1 else 0 end)`,
            open_run: mode,
            updated_at: sql<Date>`now()`,
          }),
        )
        .returning(COUNTS)
        .executeTakeFirstOrThrow(),
    );
  }

  fail(key: string): Promise<ActionAttempts> {
    return this.scope.run('fail action attempt', (db: Kysely<BaltraDatabase>) =>
      db
        .insertInto('action_attempts')
        .values({ key, failures: 1, open_run: null })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            failures: sql<number>`action_attempts.failures + 1`,
            open_run: null,
            updated_at: sql<Date>`now()`,
          }),
        )
        .returning(COUNTS)
        .executeTakeFirstOrThrow(),
    );
  }

  async get(key: string): Promise<ActionAttempts> {
    const row = await this.scope.run('get action attempts', (db: Kysely<BaltraDatabase>) =>
      db.selectFrom('action_attempts').select(COUNTS).where('key', '=', key).executeTakeFirst(),
    );
    return row ?? { failures: 0, interruptions: 0, crashes: 0 };
  }

  async clear(key: string): Promise<void> {
    await this.scope.run('clear action attempts', (db: Kysely<BaltraDatabase>) =>
      db.deleteFrom('action_attempts').where('key', '=', key).execute(),
    );
  }
}
