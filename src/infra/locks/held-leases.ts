import type { Lock } from '../../domain/ports/lock-manager.js';

/**
 * The leased locks a lock manager handed out and still holds, by owner token: what the
 * PostgreSQL lease manager and the Redis manager share for `withLock`, `releaseAll` and
 * `heldLocks`.
 *
 * @example
 * ```ts
 * readonly #held = new HeldLeases<HeldLeaseLock>();
 * this.#held.track(lock); // onSettled: (settled) => this.#held.untrack(settled)
 * await this.#held.releaseAll();
 * ```
 */
export class HeldLeases<L extends Lock> {
  readonly #byOwner = new Map<string, L>();

  /** Remembers a lock just acquired. */
  track(lock: L): void {
    this.#byOwner.set(lock.ownerToken, lock);
  }

  /** Forgets a lock once released or lost. */
  untrack(lock: L): void {
    this.#byOwner.delete(lock.ownerToken);
  }

  /** The held lock of this owner token, if any. */
  get(ownerToken: string): L | undefined {
    return this.#byOwner.get(ownerToken);
  }

  /**
   * Releases every held lock (at shutdown). Errors of single releases are ignored: an
   * unreleased lock expires with its lease.
   */
  async releaseAll(): Promise<void> {
    const held = [...this.#byOwner.values()];
    await Promise.all(held.map((lock) => lock.release().catch(() => undefined)));
  }

  /** Names of the locks held right now. */
  names(): string[] {
    return [...this.#byOwner.values()].map((lock) => lock.name);
  }
}

/**
 * Runs `work` holding `lock`, then releases it (also when `work` throws; then the work's error
 * wins over a failure to release).
 *
 * @example
 * ```ts
 * return withAcquiredLock(await this.acquire(name, options), work);
 * ```
 */
export async function withAcquiredLock<L extends Lock, T>(
  lock: L,
  work: (lock: L) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await work(lock);
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
  await lock.release();
  return result;
}
