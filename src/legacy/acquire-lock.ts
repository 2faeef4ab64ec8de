import { isBaltraError } from '../domain/errors.js';
import type { LockManager } from '../domain/ports/lock-manager.js';
import { warnDeprecated } from './warn-deprecated.js';

/** Options of {@link acquireLock}, in carpeta_common's terms (seconds). */
export interface LegacyAcquireLockOptions {
  /**
   * Accepted for compatibility only: the `LockManager`'s locks have no time to live. A
   * PostgreSQL advisory lock is held until released or until its holder's session ends (a
   * crashed holder frees it), which is what the TTL was for.
   */
  readonly ttl?: number;
  /** How long to wait for a lock held by someone else, in seconds; default 0 (try once, as `SET NX` did). */
  readonly timeout?: number;
}

/**
 * @deprecated Use `LockManager.acquire()` (or, better, `withLock()`), from `createLockManager(db)`
 * of `@baltra/sdk/postgres` or `InMemoryLockManager`. carpeta_common's `acquire_lock()`:
 * resolves with the lock's owner token, or `null` when someone else holds it (after
 * `timeout` seconds). Release it with `releaseLock` and the token.
 *
 * @example
 * ```ts
 * const token = await acquireLock(locks, `lock:transfer:${citizenId}`, { ttl: 120 }); // warns once: BALTRA_DEP007
 * if (token) {
 *   try { await performAtomicOperation(); }
 *   finally { await releaseLock(locks, `lock:transfer:${citizenId}`, token); }
 * }
 * // = await locks.withLock(`lock:transfer:${citizenId}`, () => performAtomicOperation(), { timeoutMs: 0 })
 * ```
 */
export async function acquireLock(
  locks: LockManager,
  name: string,
  options: LegacyAcquireLockOptions = {},
): Promise<string | null> {
  warnDeprecated(
    'BALTRA_DEP007',
    'acquireLock()',
    'LockManager.acquire() or LockManager.withLock()',
  );
  try {
    const lock = await locks.acquire(name, { timeoutMs: (options.timeout ?? 0) * 1000 });
    return lock.ownerToken;
  } catch (error) {
    if (isBaltraError(error) && error.code === 'LOCK_TIMEOUT') return null;
    throw error;
  }
}
