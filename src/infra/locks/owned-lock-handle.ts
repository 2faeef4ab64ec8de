import type { Lock } from '../../domain/ports/lock-manager.js';

/**
 * The `Lock` a lock manager hands out: `release()` works once, and does nothing when the lock
 * was already released through `LockManager.release` (or taken over after that).
 *
 * @example
 * ```ts
 * return ownedLockHandle(name, token, () => this.held.get(name)?.ownerToken === token,
 *   () => this.release(name, token));
 * ```
 */
export function ownedLockHandle(
  name: string,
  ownerToken: string,
  stillOwned: () => boolean,
  release: () => Promise<void>,
): Lock {
  let released = false;
  return {
    name,
    ownerToken,
    release: async () => {
      if (released) return;
      released = true;
      if (stillOwned()) await release();
    },
  };
}
