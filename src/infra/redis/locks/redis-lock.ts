import type { Lock } from '../../../domain/ports/lock-manager.js';

/**
 * A lock held through `RedisLockManager`: a lease in Redis that the manager renews while it is
 * held, and a fencing token that grows with every acquisition of the same name.
 *
 * `release()` ends the renewal and deletes the lock if this holder still owns it; when the
 * lease had been lost (it ran out, or another holder took the lock after it did) it fails with
 * `ConflictError` code `LOCK_LOST`, since the work done under it was not exclusive. A second
 * call does nothing.
 *
 * @example
 * ```ts
 * const lock = await locks.acquire(`candidate:${id}`);
 * try {
 *   await store.write(id, stage, { fencingToken: lock.fencingToken, signal: lock.signal });
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export interface RedisLock extends Lock {
  /**
   * Larger than the token of every earlier holder of this lock name: an `INCR` in the same
   * script as the `SET NX`, raised to the server's clock in microseconds when behind it (a
   * safe integer; store it as `bigint` in SQL). Present it to the resource the lock protects,
   * which refuses smaller ones (see `assertFencingToken`).
   */
  readonly fencingToken: number;
  /** Aborted once the lease is found lost (by a renewal, `extend` or `release`). */
  readonly signal: AbortSignal;
  /**
   * Sets the lease to `ms` (default: the current lease) from now, if this holder still owns
   * the lock; later renewals keep that lease. False when the lock was lost (then `signal` is
   * aborted). Redis failures reject with a `RedisError`.
   */
  extend(ms?: number): Promise<boolean>;
}
