import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, sql } from 'kysely';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { AcquireLockOptions, Lock, LockManager } from '../../domain/ports/lock-manager.js';
import { HeldLeaseLock, type LockLease, lockLost } from '../locks/held-lease-lock.js';
import { HeldLeases, withAcquiredLock } from '../locks/held-leases.js';
import { startLockTiming } from '../locks/lock-metrics.js';
import { translateDatabaseError } from './translate-database-error.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LEASE_MS = 30_000;

/**
 * A lock held through {@link PostgresLeaseLockManager}: a lease row renewed while held. Its
 * `release()` fails with `ConflictError` code `LOCK_LOST` when the lease had run out or been
 * taken over. (The same handle as `RedisLockManager`'s `RedisLock`.)
 *
 * @example
 * ```ts
 * const lock = await locks.acquire('baltra:outbox-relay', { timeoutMs: 0 });
 * try {
 *   await publish({ fencingToken: lock.fencingToken, signal: lock.signal });
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export interface PostgresLeaseLock extends Lock {
  /**
   * Larger than the token of every earlier grant of any lock (the sequence
   * `baltra_lock_fencing_seq`). Present it to the resource the lock protects, which refuses
   * smaller ones.
   */
  readonly fencingToken: number;
  /** Aborted once the lease is found lost (by a renewal, `extend` or `release`). */
  readonly signal: AbortSignal;
  /**
   * Sets the lease to `ms` (default: the current lease) from now, by the database clock, if this
   * holder still owns the lock; false when it was lost (then `signal` is aborted).
   */
  extend(ms?: number): Promise<boolean>;
}

/** Options of {@link PostgresLeaseLockManager}. */
export interface PostgresLeaseLockManagerOptions {
  /** How long a lease lasts without renewal, in database time; default 30,000 ms. */
  readonly leaseMs?: number;
  /** Whether a held lease is extended every third of it until release; default true. */
  readonly autoRenew?: boolean;
  /** Who holds the lock, for diagnostics (`baltra_lock_leases.holder`); default `host:pid`. */
  readonly holder?: string;
  /** First pause between two tries of a held lock; default 5 ms. */
  readonly initialBackoffMs?: number;
  /** Longest pause between two tries (the pause doubles, with jitter); default 100 ms. */
  readonly maxBackoffMs?: number;
}

/**
 * A `LockManager` on leases in the table `baltra_lock_leases` (migration 0010), for mutual
 * exclusion that holds behind a connection pooler in transaction mode (PgBouncer
 * `pool_mode=transaction`, RDS Proxy), where session-level advisory locks do not
 * (docs/adr/0035-lease-locks-behind-pgbouncer.md). No connection is pinned while a lock is
 * held: acquire, extend and release are each one autocommitted statement, so they may run on
 * any server connection. Acquiring inserts the lock's row, or takes over a row whose lease has
 * run out by the database clock (`now()`; the clocks of the processes never matter), and draws
 * a fencing token from the sequence `baltra_lock_fencing_seq` in the same statement; extend and
 * release act only when the row still carries the holder's random owner token.
 *
 * A held lease is renewed every third of it (an unref'd timer, stopped on release); a holder
 * whose lease ran out anyway (a stalled process, the database unreachable for a whole lease)
 * finds `lock.signal` aborted, and its `release()` — so `withLock`, after the work — fails with
 * `ConflictError` code `LOCK_LOST`. Present `lock.fencingToken` to the data the lock protects
 * when a late write must be refused. A held lock is waited for by polling with exponential
 * back-off and jitter until `timeoutMs` (default 10 s; 0 tries once), then `LOCK_TIMEOUT`;
 * `release(name, token)` with a token that does not hold the lock fails with `LOCK_NOT_OWNED`.
 * A process that dies holding a lock keeps it until its lease runs out (`leaseMs`).
 *
 * @example
 * ```ts
 * const locks = new PostgresLeaseLockManager(db, { leaseMs: 15_000 });
 * await locks.withLock('baltra:outbox-relay', (lock) => relay.round(lock.fencingToken), {
 *   timeoutMs: 0,
 * });
 * ```
 */
export class PostgresLeaseLockManager<DB = unknown> implements LockManager {
  readonly #db: Kysely<unknown>;
  readonly #leaseMs: number;
  readonly #autoRenew: boolean;
  readonly #holder: string;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  /** Locks this manager handed out and that are still held, by owner token. */
  readonly #held = new HeldLeases<HeldLeaseLock>();

  constructor(db: Kysely<DB>, options: PostgresLeaseLockManagerOptions = {}) {
    this.#db = db as unknown as Kysely<unknown>;
    this.#leaseMs = positiveInteger('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS);
    this.#autoRenew = options.autoRenew ?? true;
    this.#holder = options.holder ?? `${hostname()}:${process.pid}`;
    this.#initialBackoffMs = Math.max(1, options.initialBackoffMs ?? 5);
    this.#maxBackoffMs = Math.max(this.#initialBackoffMs, options.maxBackoffMs ?? 100);
  }

  async acquire(name: string, options: AcquireLockOptions = {}): Promise<PostgresLeaseLock> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (Number.isNaN(timeoutMs)) {
      throw new ValidationError('lock options', [
        { code: 'custom', path: ['timeoutMs'], message: 'must be a number', input: timeoutMs },
      ]);
    }
    const deadline = Date.now() + Math.max(0, timeoutMs);
    const ownerToken = randomUUID();
    const timing = startLockTiming('postgres');
    let pause = this.#initialBackoffMs;
    for (let tries = 1; ; tries += 1) {
      const leasedAt = Date.now();
      const fencingToken = await this.#tryAcquire(name, ownerToken);
      if (fencingToken !== undefined) {
        timing.end(tries === 1 ? 'acquired' : 'contended');
        const lock = new HeldLeaseLock({
          name,
          ownerToken,
          fencingToken,
          leaseMs: this.#leaseMs,
          leasedAt,
          autoRenew: this.#autoRenew,
          lease: this.#lease(name),
          onSettled: (settled) => this.#held.untrack(settled),
        });
        this.#held.track(lock);
        return lock;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        timing.end('timeout');
        throw new ConflictError(`lock ${name} was not acquired within ${timeoutMs} ms`, {
          code: 'LOCK_TIMEOUT',
          context: { lock: name, timeoutMs },
        });
      }
      // Jitter between half the pause and the pause, so waiters do not poll in step.
      await sleep(Math.min(remaining, pause / 2 + Math.random() * (pause / 2)));
      pause = Math.min(pause * 2, this.#maxBackoffMs);
    }
  }

  async release(name: string, ownerToken: string): Promise<void> {
    const outcome = await this.#delete(name, ownerToken);
    const held = this.#held.get(ownerToken);
    if (outcome === 'not owned') {
      if (held?.name === name) held.markLost();
      throw new ConflictError(`lock ${name} is not held by this owner`, {
        code: 'LOCK_NOT_OWNED',
        context: { lock: name },
      });
    }
    if (outcome === 'expired') {
      held?.markLost();
      throw lockLost(name, held?.fencingToken ?? 0);
    }
    if (held?.name === name) held.markReleased();
  }

  /**
   * Acquires, runs `work`, releases (also when `work` throws; then the work's error wins over
   * a failure to release). When the lease was lost while the work ran, the work still runs to
   * its end (`lock.signal` tells it early) and `withLock` then fails with code `LOCK_LOST`.
   */
  async withLock<T>(
    name: string,
    work: (lock: PostgresLeaseLock) => Promise<T>,
    options: AcquireLockOptions = {},
  ): Promise<T> {
    return withAcquiredLock(await this.acquire(name, options), work);
  }

  /**
   * Releases every lock this manager holds and stops their renewal (at shutdown). Errors of
   * single releases are ignored: an unreleased lock expires with its lease.
   */
  releaseAll(): Promise<void> {
    return this.#held.releaseAll();
  }

  /** Names of the locks this manager holds right now (for tests and diagnostics). */
  heldLocks(): string[] {
    return this.#held.names();
  }

  /** One statement: insert, or take over an expired lease; the fencing token when granted. */
  async #tryAcquire(name: string, ownerToken: string): Promise<number | undefined> {
    try {
      const { rows } = await sql<{ fencing_token: string }>`
        insert into baltra_lock_leases as l (name, holder, token, fencing_token, expires_at, acquired_at)
        values (${name}, ${this.#holder}, ${ownerToken}::uuid, nextval('baltra_lock_fencing_seq'),
                now() + ${this.#leaseMs} * interval '1 millisecond', now())
        on conflict (name) do update
          set holder = excluded.holder, token = excluded.token,
              fencing_token = excluded.fencing_token, expires_at = excluded.expires_at,
              acquired_at = excluded.acquired_at
          where l.expires_at <= now()
        returning fencing_token::text as fencing_token`.execute(this.#db);
      const token = rows[0]?.fencing_token;
      return token === undefined ? undefined : Number(token);
    } catch (error) {
      throw translateDatabaseError(error, `acquire lock ${name}`);
    }
  }

  /** Deletes the holder's row: `released`, `expired` (its lease had run out) or `not owned`. */
  async #delete(name: string, ownerToken: string): Promise<'released' | 'expired' | 'not owned'> {
    try {
      const { rows } = await sql<{ live: boolean }>`
        delete from baltra_lock_leases where name = ${name} and token::text = ${ownerToken}
        returning expires_at > now() as live`.execute(this.#db);
      if (rows.length === 0) return 'not owned';
      return rows[0]?.live ? 'released' : 'expired';
    } catch (error) {
      throw translateDatabaseError(error, `release lock ${name}`);
    }
  }

  #lease(name: string): LockLease {
    return {
      extend: async (ownerToken, leaseMs) => {
        try {
          const { rows } = await sql`
            update baltra_lock_leases set expires_at = now() + ${leaseMs} * interval '1 millisecond'
             where name = ${name} and token::text = ${ownerToken} and expires_at > now()
            returning 1 as extended`.execute(this.#db);
          return rows.length === 1;
        } catch (error) {
          throw translateDatabaseError(error, `extend lock ${name}`);
        }
      },
      release: async (ownerToken) => (await this.#delete(name, ownerToken)) === 'released',
    };
  }
}

function positiveInteger(option: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(
      `PostgresLeaseLockManager: ${option} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
