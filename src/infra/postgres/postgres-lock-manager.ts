import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { AcquireLockOptions, Lock, LockManager } from '../../domain/ports/lock-manager.js';
import { getLogger } from '../../shared/logging/configure-logging.js';
import { getSettings } from '../../shared/settings/core-settings.js';
import { type LockAcquisitionOutcome, startLockTiming } from '../locks/lock-metrics.js';
import { ownedLockHandle } from '../locks/owned-lock-handle.js';
import { translateDatabaseError } from './translate-database-error.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** setTimeout's limit; a longer wait (or Infinity) for a connection has no timer. */
const MAX_TIMER_MS = 2_147_483_647;

export interface PostgresLockManagerOptions {
  /** First pause between two tries of a held lock; default 5 ms. */
  readonly initialBackoffMs?: number;
  /** Longest pause between two tries (the pause doubles, with jitter); default 100 ms. */
  readonly maxBackoffMs?: number;
  /**
   * The pooler in front of the server; default `BALTRA_POSTGRES_POOLER` (unset: `none`). With
   * `transaction` the manager still works as asked but logs a warning, since it does not exclude
   * there: use `PostgresLeaseLockManager`, or give this one a direct connection.
   */
  readonly pooler?: 'none' | 'session' | 'transaction';
}

interface HeldLock {
  readonly ownerToken: string;
  /** Unlocks and gives the connection back; settles when both are done. */
  readonly unlock: () => Promise<void>;
}

/**
 * A `LockManager` on PostgreSQL session-level advisory locks, for mutual exclusion across
 * processes and machines sharing one database. Each held lock pins one pooled connection (the
 * session that holds it) until released, so size the pool for the locks held at once plus the
 * queries. Acquiring polls `pg_try_advisory_lock(hashtextextended(name, 0))` with exponential
 * backoff and jitter until `timeoutMs` (which also bounds the wait for a connection), then fails
 * with `ConflictError` code `LOCK_TIMEOUT`. Each holder gets a random owner token;
 * `release(name, token)` with any other token fails with code `LOCK_NOT_OWNED` and leaves the
 * lock held. If the holding connection dies, PostgreSQL frees the lock with the session.
 *
 * Not for PGlite: its single connection cannot exclude holders in the same process; use
 * `createLockManager(db)`, which picks the right manager for either.
 *
 * UNSUPPORTED behind a pooler in transaction mode (PgBouncer `pool_mode=transaction`, RDS Proxy):
 * there each statement may run on another server session, so the lock taken by one session is
 * released (or not) by another, a lock can stay held for ever after `release()` resolved, and a
 * second holder whose statement lands on the holding session is granted the lock too (advisory
 * locks are re-entrant per session): two holders at once. Behind such a pooler use
 * `PostgresLeaseLockManager` (what `createLockManager` picks when `BALTRA_POSTGRES_POOLER`
 * is `transaction`), or give this manager a direct connection. A session-mode pooler is fine.
 * Constructed while the settings say `transaction`, it logs a warning (once per process).
 *
 * @example
 * ```ts
 * const locks = new PostgresLockManager(openPostgres({ connectionString }));
 * await locks.withLock(`ingest:${companyId}`, () => ingestion.ingest(companyId, formId), { timeoutMs: 5_000 });
 * ```
 */
export class PostgresLockManager<DB = unknown> implements LockManager {
  readonly #db: Kysely<unknown>;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #held = new Map<string, HeldLock>();

  constructor(db: Kysely<DB>, options: PostgresLockManagerOptions = {}) {
    this.#db = db as unknown as Kysely<unknown>;
    this.#initialBackoffMs = Math.max(1, options.initialBackoffMs ?? 5);
    this.#maxBackoffMs = Math.max(this.#initialBackoffMs, options.maxBackoffMs ?? 100);
    if ((options.pooler ?? settingsPooler()) === 'transaction') warnOnce();
  }

  acquire(name: string, options: AcquireLockOptions = {}): Promise<Lock> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (Number.isNaN(timeoutMs)) {
      return Promise.reject(
        new ValidationError('lock options', [
          { code: 'custom', path: ['timeoutMs'], message: 'must be a number', input: timeoutMs },
        ]),
      );
    }
    const deadline = Date.now() + Math.max(0, timeoutMs);
    const ownerToken = randomUUID();
    const timing = startLockTiming('postgres');
    return new Promise<Lock>((resolve, reject) => {
      let outcome: 'pending' | 'acquired' | 'gave up' = 'pending';
      let connectTimer: ReturnType<typeof setTimeout> | undefined;
      let releaseSession!: () => void;
      const released = new Promise<void>((resolveRelease) => {
        releaseSession = resolveRelease;
      });
      const giveUp = (error: Error) => {
        if (outcome !== 'pending') return;
        outcome = 'gave up';
        if ((error as ConflictError).code === 'LOCK_TIMEOUT') timing.end('timeout');
        reject(error);
      };
      if (timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) {
        connectTimer = setTimeout(() => giveUp(lockTimeout(name, timeoutMs)), timeoutMs);
      }
      const session = this.#db.connection().execute(async (connection) => {
        clearTimeout(connectTimer);
        if (outcome !== 'pending') return; // gave up while waiting for the connection
        const taken = await this.#lockWithin(connection, name, deadline);
        if (taken === 'timeout') return giveUp(lockTimeout(name, timeoutMs));
        outcome = 'acquired';
        timing.end(taken);
        this.#held.set(name, {
          ownerToken,
          unlock: async () => {
            releaseSession();
            await session;
          },
        });
        resolve(this.#handle(name, ownerToken));
        await released; // The session holds the lock as long as this connection is pinned.
        await unlockOrUnlockAll(connection, name);
      });
      session.catch((error: unknown) => {
        clearTimeout(connectTimer);
        giveUp(translateDatabaseError(error, `acquire lock ${name}`));
      });
    });
  }

  async release(name: string, ownerToken: string): Promise<void> {
    const held = this.#held.get(name);
    if (!held || held.ownerToken !== ownerToken) {
      throw new ConflictError(`lock ${name} is not held by this owner`, {
        code: 'LOCK_NOT_OWNED',
        context: { lock: name },
      });
    }
    this.#held.delete(name);
    try {
      await held.unlock();
    } catch (error) {
      throw translateDatabaseError(error, `release lock ${name}`);
    }
  }

  async withLock<T>(
    name: string,
    work: (lock: Lock) => Promise<T>,
    options: AcquireLockOptions = {},
  ): Promise<T> {
    const lock = await this.acquire(name, options);
    let failed = false;
    try {
      return await work(lock);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // The work's own error wins over a failure to release.
      await lock.release().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }

  /**
   * Releases every lock this manager holds (at shutdown: a pinned connection would keep
   * `db.destroy()` waiting). Errors of single releases are ignored; the sessions end anyway.
   */
  async releaseAll(): Promise<void> {
    const held = [...this.#held];
    this.#held.clear();
    await Promise.all(held.map(([, lock]) => lock.unlock().catch(() => undefined)));
  }

  /** Names of the locks this manager holds right now (for tests and diagnostics). */
  heldLocks(): string[] {
    return [...this.#held.keys()];
  }

  /** Tries until the lock is taken (at once, or after waiting) or the deadline has passed. */
  async #lockWithin(
    connection: Kysely<unknown>,
    name: string,
    deadline: number,
  ): Promise<LockAcquisitionOutcome> {
    let pause = this.#initialBackoffMs;
    for (let tries = 1; ; tries += 1) {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_lock(hashtextextended(${name}, 0)) as locked`.execute(connection);
      if (rows[0]?.locked === true) return tries === 1 ? 'acquired' : 'contended';
      const remaining = deadline - Date.now();
      if (remaining <= 0) return 'timeout';
      // Full jitter between half the pause and the pause, so waiters do not poll in step.
      await sleep(Math.min(remaining, pause / 2 + Math.random() * (pause / 2)));
      pause = Math.min(pause * 2, this.#maxBackoffMs);
    }
  }

  #handle(name: string, ownerToken: string): Lock {
    return ownedLockHandle(
      name,
      ownerToken,
      () => this.#held.get(name)?.ownerToken === ownerToken,
      () => this.release(name, ownerToken),
    );
  }
}

/**
 * Unlocks before the connection goes back to the pool. Should the unlock fail on a live
 * connection, every advisory lock of the session is dropped, so a pooled connection never
 * carries a lock to its next user.
 */
async function unlockOrUnlockAll(connection: Kysely<unknown>, name: string): Promise<void> {
  try {
    await sql`select pg_advisory_unlock(hashtextextended(${name}, 0))`.execute(connection);
  } catch (error) {
    await sql`select pg_advisory_unlock_all()`.execute(connection).catch(() => undefined);
    throw error;
  }
}

let warned = false;

/** The pooler the settings name; undefined when they cannot be read (the warning is a hint). */
function settingsPooler(): string | undefined {
  try {
    return getSettings().postgresPooler;
  } catch {
    return undefined;
  }
}

function warnOnce(): void {
  if (warned) return;
  warned = true;
  getLogger().warn(
    'PostgresLockManager is unsupported behind a transaction pooler: its session advisory locks may be released on another server session or granted twice; use PostgresLeaseLockManager',
    { pooler: 'transaction' },
  );
}

function lockTimeout(name: string, timeoutMs: number): ConflictError {
  return new ConflictError(`lock ${name} was not acquired within ${timeoutMs} ms`, {
    code: 'LOCK_TIMEOUT',
    context: { lock: name, timeoutMs },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
