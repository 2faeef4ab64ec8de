import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../../domain/errors.js';
import type { AcquireLockOptions, LockManager } from '../../../domain/ports/lock-manager.js';
import { HeldLeaseLock, type LockLease } from '../../locks/held-lease-lock.js';
import { HeldLeases, withAcquiredLock } from '../../locks/held-leases.js';
import { startLockTiming } from '../../locks/lock-metrics.js';
import type { RedisClient } from '../redis-client.js';
import { RedisScript } from '../redis-script.js';
import type { RedisLock } from './redis-lock.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LEASE_MS = 30_000;

const acquireLock = new RedisScript('locks/acquire-lock.lua');
const releaseLock = new RedisScript('locks/release-lock.lua');
const extendLock = new RedisScript('locks/extend-lock.lua');

/** Options of {@link RedisLockManager}. */
export interface RedisLockManagerOptions {
  /** Prepended to every key; default `baltra:` (keys: `<prefix>lock:{<name>}` and `…:fence`). */
  readonly keyPrefix?: string;
  /** How long a lock lives in Redis without renewal; default 30,000 ms. */
  readonly leaseMs?: number;
  /**
   * Whether a held lock's lease is extended every third of it until release; default true.
   * Without it the lease bounds how long a lock can be held (see `RedisLock.extend`).
   */
  readonly autoRenew?: boolean;
  /** First pause between two tries of a held lock; default 5 ms. */
  readonly initialBackoffMs?: number;
  /** Longest pause between two tries (the pause doubles, with jitter); default 100 ms. */
  readonly maxBackoffMs?: number;
}

/** Options of one {@link RedisLockManager.acquire}. */
export interface RedisAcquireLockOptions extends AcquireLockOptions {
  /** This lock's lease, instead of the manager's `leaseMs`. */
  readonly leaseMs?: number;
}

/**
 * A `LockManager` on one Redis server, for mutual exclusion across processes and machines that
 * share it. A lock is a key set with `SET NX PX <lease>` to a random owner token; release and
 * extension are compare-and-act scripts, so only the owner token deletes or extends it. Every
 * acquisition gets a fencing token from a per-name counter incremented in the same script
 * (raised to the server's clock in microseconds when behind it, so a counter that lost its last
 * increments still goes up), so a later holder always has a larger number than every earlier
 * one: pass it to the resource the lock protects, which refuses smaller ones
 * (`assertFencingToken`). A held lock's lease is
 * renewed every third of it (an unref'd timer, stopped on release); a holder whose lease ran
 * out anyway (a stalled process, Redis unreachable for a whole lease) finds `lock.signal`
 * aborted, and its `release()` — so `withLock`, after the work — fails with `ConflictError`
 * code `LOCK_LOST`.
 *
 * A held lock is waited for by polling with exponential back-off and jitter until `timeoutMs`
 * (default 10 s; 0 tries once; `Infinity` waits for ever), then `ConflictError` code
 * `LOCK_TIMEOUT`; waiters are not served in order. `release(name, token)` with a token that
 * does not hold the lock fails with code `LOCK_NOT_OWNED` and leaves it held. Redis failures
 * are `RedisError`s (`REDIS_UNAVAILABLE` is retryable).
 *
 * Not Redlock: one server (or a primary with replicas, where a failover can lose a lock that
 * was not yet replicated, and two processes may then hold it: fencing is what keeps the data
 * right). Needs Redis 5 or later. When the protected data lives in PostgreSQL, its
 * `PostgresLockManager` is the stronger choice (docs/adr/0021-redis-locks-and-rate-limits.md).
 *
 * @example
 * ```ts
 * const locks = new RedisLockManager(await createRedisClient({ url }), { leaseMs: 15_000 });
 * await locks.withLock(
 *   `candidate:${id}`,
 *   (lock) => candidates.save(candidate, { fencingToken: lock.fencingToken }),
 *   { timeoutMs: 5_000 },
 * );
 * ```
 */
export class RedisLockManager implements LockManager {
  readonly #redis: RedisClient;
  readonly #keyPrefix: string;
  readonly #leaseMs: number;
  readonly #autoRenew: boolean;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  /** Locks this manager handed out and that are still held, by owner token. */
  readonly #held = new HeldLeases<HeldLeaseLock>();

  constructor(redis: RedisClient, options: RedisLockManagerOptions = {}) {
    this.#redis = redis;
    this.#keyPrefix = options.keyPrefix ?? 'baltra:';
    this.#leaseMs = positiveInteger('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS);
    this.#autoRenew = options.autoRenew ?? true;
    this.#initialBackoffMs = Math.max(1, options.initialBackoffMs ?? 5);
    this.#maxBackoffMs = Math.max(this.#initialBackoffMs, options.maxBackoffMs ?? 100);
  }

  async acquire(name: string, options: RedisAcquireLockOptions = {}): Promise<RedisLock> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (Number.isNaN(timeoutMs)) {
      throw new ValidationError('lock options', [
        { code: 'custom', path: ['timeoutMs'], message: 'must be a number', input: timeoutMs },
      ]);
    }
    const leaseMs = positiveInteger('leaseMs', options.leaseMs ?? this.#leaseMs);
    const deadline = Date.now() + Math.max(0, timeoutMs);
    const ownerToken = randomUUID();
    const keys = this.#keys(name);
    const timing = startLockTiming('redis');
    let pause = this.#initialBackoffMs;
    for (let tries = 1; ; tries += 1) {
      const leasedAt = Date.now();
      const fencingToken = await acquireLock.run<number>(this.#redis, keys, [ownerToken, leaseMs]);
      if (fencingToken > 0) {
        timing.end(tries === 1 ? 'acquired' : 'contended');
        const lock = new HeldLeaseLock({
          name,
          ownerToken,
          fencingToken,
          leaseMs,
          leasedAt,
          autoRenew: this.#autoRenew,
          lease: this.#lease(keys[0]),
          onSettled: (settled) => this.#held.untrack(settled),
        });
        this.#held.track(lock);
        return lock;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        timing.end('timeout');
        throw lockTimeout(name, timeoutMs);
      }
      // Jitter between half the pause and the pause, so waiters do not poll in step.
      await sleep(Math.min(remaining, pause / 2 + Math.random() * (pause / 2)));
      pause = Math.min(pause * 2, this.#maxBackoffMs);
    }
  }

  async release(name: string, ownerToken: string): Promise<void> {
    const released = await this.#lease(this.#keys(name)[0]).release(ownerToken);
    const held = this.#held.get(ownerToken);
    if (!released) {
      if (held?.name === name) held.markLost();
      throw new ConflictError(`lock ${name} is not held by this owner`, {
        code: 'LOCK_NOT_OWNED',
        context: { lock: name },
      });
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
    work: (lock: RedisLock) => Promise<T>,
    options: RedisAcquireLockOptions = {},
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

  /**
   * The lock's key and its fencing counter's. The name is a hash tag, so both keys share a
   * cluster slot (the script touches both).
   */
  #keys(name: string): [string, string] {
    const lockKey = `${this.#keyPrefix}lock:{${name}}`;
    return [lockKey, `${lockKey}:fence`];
  }

  #lease(lockKey: string): LockLease {
    return {
      extend: async (ownerToken, leaseMs) =>
        (await extendLock.run<number>(this.#redis, [lockKey], [ownerToken, leaseMs])) === 1,
      release: async (ownerToken) =>
        (await releaseLock.run<number>(this.#redis, [lockKey], [ownerToken])) === 1,
    };
  }
}

function positiveInteger(option: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(`RedisLockManager: ${option} must be a positive integer, got ${value}`);
  }
  return value;
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
