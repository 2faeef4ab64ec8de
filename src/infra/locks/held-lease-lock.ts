import { ConflictError } from '../../domain/errors.js';
import type { Lock } from '../../domain/ports/lock-manager.js';

/** The calls to its store (Redis, PostgreSQL) a held lease lock makes, bound to its name by the manager. */
export interface LockLease {
  /** Compare-and-extend; true when the owner token still holds the lock. */
  extend(ownerToken: string, leaseMs: number): Promise<boolean>;
  /** Compare-and-delete; true when the owner token held the lock. */
  release(ownerToken: string): Promise<boolean>;
}

/** How a {@link HeldLeaseLock} is set up. */
export interface HeldLeaseLockOptions {
  readonly name: string;
  readonly ownerToken: string;
  readonly fencingToken: number;
  readonly leaseMs: number;
  /** When the acquiring command was sent: the lease counts from no later than that. */
  readonly leasedAt: number;
  readonly autoRenew: boolean;
  readonly lease: LockLease;
  /** Called once, when the lock is released or found lost. */
  readonly onSettled: (lock: HeldLeaseLock) => void;
}

/**
 * The lock a lease-based manager (`RedisLockManager`, `PostgresLeaseLockManager`) hands out. While held and renewing, a timer (unref'd, so it
 * never keeps a process alive) extends the lease every third of it; a renewal that finds
 * another owner, or that cannot reach its store until the lease has surely run out, marks the lock
 * lost and stops.
 */
export class HeldLeaseLock implements Lock {
  readonly name: string;
  readonly ownerToken: string;
  readonly fencingToken: number;
  readonly #lease: LockLease;
  readonly #onSettled: (lock: HeldLeaseLock) => void;
  readonly #controller = new AbortController();
  #leaseMs: number;
  /** The latest moment from which the lease surely runs (sent time of the last extension). */
  #confirmedAt: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #settled = false;
  #releaseCalled = false;

  constructor(options: HeldLeaseLockOptions) {
    this.name = options.name;
    this.ownerToken = options.ownerToken;
    this.fencingToken = options.fencingToken;
    this.#leaseMs = options.leaseMs;
    this.#confirmedAt = options.leasedAt;
    this.#lease = options.lease;
    this.#onSettled = options.onSettled;
    if (options.autoRenew) this.#scheduleRenewal();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the lease was found lost. */
  get lost(): boolean {
    return this.#controller.signal.aborted;
  }

  async extend(ms: number = this.#leaseMs): Promise<boolean> {
    if (!(Number.isSafeInteger(ms) && ms > 0)) {
      throw new RangeError(`lock ${this.name}: the lease must be a positive integer, got ${ms}`);
    }
    if (this.lost || this.#settled) return false;
    const sentAt = Date.now();
    const owned = await this.#lease.extend(this.ownerToken, ms);
    if (this.#settled) return false; // released (or lost) while the extension was on its way
    if (!owned) {
      this.#markLost();
      return false;
    }
    this.#leaseMs = ms;
    this.#confirmedAt = Math.max(this.#confirmedAt, sentAt);
    return true;
  }

  async release(): Promise<void> {
    if (this.#releaseCalled) return;
    this.#releaseCalled = true;
    await this.#release();
  }

  /** The manager released this holder's token itself: stop renewing, forget it. */
  markReleased(): void {
    this.#releaseCalled = true;
    this.#settle();
  }

  /** The lock is no longer this holder's: abort the signal, stop renewing. */
  markLost(): void {
    this.#markLost();
  }

  async #release(): Promise<void> {
    const wasLost = this.lost;
    this.#settle();
    let released: boolean;
    try {
      released = await this.#lease.release(this.ownerToken);
    } catch (error) {
      // Known lost already: that is the news, not that the store is unreachable now.
      if (wasLost) throw lockLost(this.name, this.fencingToken);
      throw error;
    }
    if (!released || wasLost) {
      this.#controller.abort(lockLost(this.name, this.fencingToken));
      throw lockLost(this.name, this.fencingToken);
    }
  }

  #scheduleRenewal(): void {
    if (this.#settled) return;
    const every = Math.max(1, Math.floor(this.#leaseMs / 3));
    this.#timer = setTimeout(() => void this.#renew(), every);
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    this.#timer = undefined;
    if (this.#settled) return;
    try {
      await this.extend();
    } catch {
      // Store unreachable: the lease may still run; once it surely has not, the lock is lost.
      if (Date.now() - this.#confirmedAt >= this.#leaseMs) this.#markLost();
    }
    this.#scheduleRenewal();
  }

  #markLost(): void {
    if (!this.lost) this.#controller.abort(lockLost(this.name, this.fencingToken));
    this.#settle();
  }

  #settle(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#settled) return;
    this.#settled = true;
    this.#onSettled(this);
  }
}

/**
 * `ConflictError` code `LOCK_LOST`: the holder's lease ran out (or another holder took the lock
 * after it did) before it was released.
 */
export function lockLost(name: string, fencingToken: number): ConflictError {
  return new ConflictError(
    `lock ${name} was lost before it was released (its lease ran out or another holder took it); ` +
      `the work done under fencing token ${fencingToken} was not exclusive`,
    { code: 'LOCK_LOST', context: { lock: name, fencingToken } },
  );
}
