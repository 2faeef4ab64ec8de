import { isBaltraError } from '../domain/errors.js';
import type { Lock, LockManager } from '../domain/ports/lock-manager.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `lock.release()` or `LockManager.release(name, ownerToken)` (which throws
 * `LOCK_NOT_OWNED` instead of returning false), or `withLock()`, which releases for you.
 * carpeta_common's `release_lock()`: releases the lock only when `token` owns it; resolves
 * `true` when released, `false` when the token does not own it (the lock stays held).
 *
 * @example
 * ```ts
 * const released = await releaseLock(locks, 'lock:transfer:42', token); // warns once: BALTRA_DEP008
 * const alsoFine = await releaseLock(locks, await locks.acquire('lock:report'));
 * ```
 */
export function releaseLock(locks: LockManager, name: string, token: string): Promise<boolean>;
/** @deprecated Use `lock.release()`; see the other overload. */
export function releaseLock(locks: LockManager, lock: Lock): Promise<boolean>;
export async function releaseLock(
  locks: LockManager,
  lockOrName: Lock | string,
  token?: string,
): Promise<boolean> {
  warnDeprecated('BALTRA_DEP008', 'releaseLock()', 'Lock.release() or LockManager.release()');
  const name = typeof lockOrName === 'string' ? lockOrName : lockOrName.name;
  const ownerToken = typeof lockOrName === 'string' ? token : lockOrName.ownerToken;
  if (ownerToken === undefined) {
    throw new TypeError(`releaseLock(${name}): the owner token is missing`);
  }
  try {
    await locks.release(name, ownerToken);
    return true;
  } catch (error) {
    if (isBaltraError(error) && error.code === 'LOCK_NOT_OWNED') return false;
    throw error;
  }
}
