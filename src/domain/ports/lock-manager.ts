/** A held lock. Only its owner token releases it. */
export interface Lock {
  readonly name: string;
  /** Random token identifying this holder; `LockManager.release` checks it. */
  readonly ownerToken: string;
  /** Releases the lock; a second call does nothing. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** How long to wait for a lock held by someone else; default 10 s. 0 tries once. */
  readonly timeoutMs?: number;
}

/**
 * Named mutual exclusion across workers (PostgreSQL advisory locks in production). `acquire`
 * fails with `ConflictError` code `LOCK_TIMEOUT` after the timeout; `release` with a token
 * that does not own the lock fails with code `LOCK_NOT_OWNED` and leaves the lock held.
 *
 * @example
 * ```ts
 * await locks.withLock(`ingest:${companyId}`, () => ingestion.ingest(companyId, formId), { timeoutMs: 5_000 });
 * ```
 */
export interface LockManager {
  acquire(name: string, options?: AcquireLockOptions): Promise<Lock>;
  release(name: string, ownerToken: string): Promise<void>;
  /** Acquires, runs `work`, releases (also when `work` throws). */
  withLock<T>(
    name: string,
    work: (lock: Lock) => Promise<T>,
    options?: AcquireLockOptions,
  ): Promise<T>;
}
