import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { AcquireLockOptions, Lock, LockManager } from '../../domain/ports/lock-manager.js';
import { startLockTiming } from '../locks/lock-metrics.js';
import { ownedLockHandle } from '../locks/owned-lock-handle.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** setTimeout's limit; longer waits (or Infinity) wait without a timer. */
const MAX_TIMER_MS = 2_147_483_647;

interface Waiter {
  readonly grant: (ownerToken: string) => void;
  timer?: ReturnType<typeof setTimeout>;
}

interface HeldLock {
  ownerToken: string;
  readonly waiters: Waiter[];
}

/**
 * A `LockManager` for one process: named locks with owner tokens; acquirers of a held lock
 * wait in FIFO order and the lock passes straight to the first of them on release. A wait
 * ends with `ConflictError` code `LOCK_TIMEOUT`; releasing with a token that does not own the
 * lock fails with code `LOCK_NOT_OWNED` and leaves it held. No timer outlives its wait.
 *
 * @example
 * ```ts
 * const locks = new InMemoryLockManager();
 * await locks.withLock(`ingest:${companyId}`, () => ingestion.ingest(companyId, formId), { timeoutMs: 5_000 });
 * ```
 */
export class InMemoryLockManager implements LockManager {
  private readonly locks = new Map<string, HeldLock>();

  async acquire(name: string, options: AcquireLockOptions = {}): Promise<Lock> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (Number.isNaN(timeoutMs)) {
      throw new ValidationError('lock options', [
        { code: 'custom', path: ['timeoutMs'], message: 'must be a number', input: timeoutMs },
      ]);
    }
    const timing = startLockTiming('memory');
    const held = this.locks.get(name);
    if (!held) {
      const ownerToken = randomUUID();
      this.locks.set(name, { ownerToken, waiters: [] });
      timing.end('acquired');
      return this.lockHandle(name, ownerToken);
    }
    if (timeoutMs <= 0) {
      timing.end('timeout');
      throw lockTimeout(name, timeoutMs);
    }
    const ownerToken = await new Promise<string>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      if (timeoutMs <= MAX_TIMER_MS) {
        waiter.timer = setTimeout(() => {
          const index = held.waiters.indexOf(waiter);
          if (index >= 0) held.waiters.splice(index, 1);
          timing.end('timeout');
          reject(lockTimeout(name, timeoutMs));
        }, timeoutMs);
      }
      held.waiters.push(waiter);
    });
    timing.end('contended');
    return this.lockHandle(name, ownerToken);
  }

  async release(name: string, ownerToken: string): Promise<void> {
    const held = this.locks.get(name);
    if (!held || held.ownerToken !== ownerToken) {
      throw new ConflictError(`lock ${name} is not held by this owner`, {
        code: 'LOCK_NOT_OWNED',
        context: { lock: name },
      });
    }
    const next = held.waiters.shift();
    if (!next) {
      this.locks.delete(name);
      return;
    }
    clearTimeout(next.timer);
    held.ownerToken = randomUUID();
    next.grant(held.ownerToken);
  }

  async withLock<T>(
    name: string,
    work: (lock: Lock) => Promise<T>,
    options: AcquireLockOptions = {},
  ): Promise<T> {
    const lock = await this.acquire(name, options);
    try {
      return await work(lock);
    } finally {
      await lock.release();
    }
  }

  /** Names of the locks held right now (for tests and diagnostics). */
  heldLocks(): string[] {
    return [...this.locks.keys()];
  }

  private lockHandle(name: string, ownerToken: string): Lock {
    return ownedLockHandle(
      name,
      ownerToken,
      () => this.locks.get(name)?.ownerToken === ownerToken,
      () => this.release(name, ownerToken),
    );
  }
}

function lockTimeout(name: string, timeoutMs: number): ConflictError {
  return new ConflictError(`lock ${name} was not acquired within ${timeoutMs} ms`, {
    code: 'LOCK_TIMEOUT',
    context: { lock: name, timeoutMs },
  });
}
