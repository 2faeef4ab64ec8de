import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../../domain/errors.js';
import type {
  IdempotencyClaim,
  IdempotencyStore,
} from '../../../domain/ports/idempotency-store.js';
import type { RedisClient } from '../redis-client.js';
import { RedisError } from '../redis-error.js';
import { RedisScript } from '../redis-script.js';

const DAY_MS = 86_400_000;
const DEFAULTS = {
  keyPrefix: 'baltra:',
  leaseMs: 30_000,
  retentionMs: 7 * DAY_MS,
  waitTimeoutMs: 10_000,
  initialBackoffMs: 10,
  maxBackoffMs: 250,
} as const;

const claimKey = new RedisScript('idempotency/claim-key.lua');
const completeKey = new RedisScript('idempotency/complete-key.lua');
const releaseKey = new RedisScript('idempotency/release-key.lua');
const renewKey = new RedisScript('idempotency/renew-key.lua');

/** Options of {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** Prepended to every key; default `baltra:` (records: `<prefix>idempotency:<key>`). */
  readonly keyPrefix?: string;
  /**
   * The lease: how long an in-progress claim lives without renewal; default 30,000 ms. A
   * scope renews its claims every third of it while its run is open, so a live run keeps its
   * claims and a dead one's expire within the lease.
   */
  readonly leaseMs?: number;
  /** How long a completed result is kept (and replayed); default 7 days. */
  readonly retentionMs?: number;
  /**
   * How long `claim` waits for another run's in-progress claim to complete or expire before
   * failing with `ConflictError` (`CONFLICT`); default 10,000 ms; 0 tries once.
   */
  readonly waitTimeoutMs?: number;
  /** First pause between two tries of a held key; default 10 ms. */
  readonly initialBackoffMs?: number;
  /** Longest pause between two tries (the pause doubles, with jitter); default 250 ms. */
  readonly maxBackoffMs?: number;
}

/**
 * An `IdempotencyStore` on Redis, for work whose effects live outside the database (an
 * e-mail, a call to a partner's API): a record per key, `<keyPrefix>idempotency:<key>`, that
 * is an in-progress marker `p:<owner token>` while a run holds the key and `c:<result JSON>`
 * once it completed. `claim` is one Lua script: `SET NX PX <lease>` of a marker with a fresh
 * owner token (`new`), else the stored result (`completed`), else — another run holds the
 * key — it polls with exponential back-off and jitter until that run completes (its result)
 * or its marker expires (the key is claimed), and fails with `ConflictError` (`CONFLICT`)
 * after `waitTimeoutMs` if it is still held. `complete` stores the result for `retentionMs`
 * only while the caller still owns the claim, by a compare-and-set script. Redis failures are
 * `RedisError`s (`REDIS_UNAVAILABLE` is retryable).
 *
 * Redis is not inside the SQL transaction: use it through `RedisIdempotentUnitOfWork`, which
 * gives each run a `RedisIdempotencyScope` (claims released on rollback, results
 * written after the commit, leases renewed while the run is open). That gives at-least-once,
 * not exactly-once: a process that dies between its SQL commit and the Redis write leaves a
 * marker that expires after the lease, and the work can then run again. For actions that
 * write to the database, `KyselyIdempotencyStore` (same transaction) is exactly-once
 * (docs/adr/0022-cache-port-and-redis-idempotency.md).
 *
 * Used directly as an `IdempotencyStore`, `claim` remembers the owner token of each key it
 * claimed and `complete` writes at once; there is no renewal, so the work must end within the
 * lease, and `release(key)` gives a claim up when the work fails. The `…As` methods take the
 * owner token explicitly.
 *
 * @example
 * ```ts
 * const store = new RedisIdempotencyStore(redis, { leaseMs: 15_000 });
 * const uow = new RedisIdempotentUnitOfWork(new KyselyUnitOfWork(db), store);
 * const { result, replayed } = await withIdempotency(uow, `welcome-mail:${candidateId}`, () => sendWelcomeMail());
 * ```
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  /** The lease of an in-progress claim, in ms. */
  readonly leaseMs: number;
  readonly #redis: RedisClient;
  readonly #keyPrefix: string;
  readonly #retentionMs: number;
  readonly #waitTimeoutMs: number;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  /** Owner tokens of the claims made through `claim` (direct use), by key. */
  readonly #direct = new Map<string, string>();

  constructor(redis: RedisClient, options: RedisIdempotencyStoreOptions = {}) {
    const resolved = { ...DEFAULTS, ...definedOnly(options) };
    this.#redis = redis;
    this.#keyPrefix = resolved.keyPrefix;
    this.leaseMs = wholeNumber('leaseMs', resolved.leaseMs, 1);
    this.#retentionMs = wholeNumber('retentionMs', resolved.retentionMs, 1);
    this.#waitTimeoutMs = wholeNumber('waitTimeoutMs', resolved.waitTimeoutMs, 0);
    this.#initialBackoffMs = wholeNumber('initialBackoffMs', resolved.initialBackoffMs, 1);
    this.#maxBackoffMs = Math.max(
      this.#initialBackoffMs,
      wholeNumber('maxBackoffMs', resolved.maxBackoffMs, 1),
    );
  }

  /** The Redis key of an idempotency key's record. */
  recordKey(key: string): string {
    return `${this.#keyPrefix}idempotency:${key}`;
  }

  async claim(key: string): Promise<IdempotencyClaim> {
    const ownerToken = randomUUID();
    const claim = await this.claimAs(key, ownerToken);
    if (claim.state === 'new') this.#direct.set(key, ownerToken);
    return claim;
  }

  async complete(key: string, result: unknown): Promise<void> {
    const ownerToken = this.#direct.get(key);
    if (ownerToken === undefined) throw notClaimed(key);
    this.#direct.delete(key);
    if (!(await this.completeAs(key, ownerToken, JSON.stringify(result) ?? 'null'))) {
      throw claimLost(key, this.leaseMs);
    }
  }

  /** Gives up a claim made through `claim` (direct use); false when it was not held any more. */
  async release(key: string): Promise<boolean> {
    const ownerToken = this.#direct.get(key);
    if (ownerToken === undefined) return false;
    this.#direct.delete(key);
    return this.releaseAs(key, ownerToken);
  }

  /** `claim` with the caller's owner token: waits for a held key as described above. */
  async claimAs(key: string, ownerToken: string): Promise<IdempotencyClaim> {
    const recordKey = this.recordKey(key);
    const deadline = Date.now() + this.#waitTimeoutMs;
    let pause = this.#initialBackoffMs;
    for (;;) {
      const [state, detail] = await claimKey.run<[string, string | number | undefined]>(
        this.#redis,
        [recordKey],
        [ownerToken, this.leaseMs],
      );
      if (state === 'new') return { state: 'new' };
      if (state === 'completed') return { state: 'completed', result: parseResult(detail, key) };
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw stillHeld(key, this.#waitTimeoutMs, Number(detail));
      // Jitter between half the pause and the pause; never past the marker's expiry (+1 ms).
      const expiresInMs = Number(detail) > 0 ? Number(detail) + 1 : pause;
      await sleep(Math.min(remaining, expiresInMs, pause / 2 + Math.random() * (pause / 2)));
      pause = Math.min(pause * 2, this.#maxBackoffMs);
    }
  }

  /** Stores `resultJson` for the retention if `ownerToken` still owns the claim; else false. */
  async completeAs(key: string, ownerToken: string, resultJson: string): Promise<boolean> {
    const args = [ownerToken, resultJson, this.#retentionMs];
    return (await completeKey.run<number>(this.#redis, [this.recordKey(key)], args)) === 1;
  }

  /** Deletes the in-progress marker if `ownerToken` still owns it; else false. */
  async releaseAs(key: string, ownerToken: string): Promise<boolean> {
    return (await releaseKey.run<number>(this.#redis, [this.recordKey(key)], [ownerToken])) === 1;
  }

  /** Renews the lease of a claim `ownerToken` still owns; else false. */
  async renewAs(key: string, ownerToken: string): Promise<boolean> {
    const args = [ownerToken, this.leaseMs];
    return (await renewKey.run<number>(this.#redis, [this.recordKey(key)], args)) === 1;
  }
}

function parseResult(json: string | number | undefined, key: string): unknown {
  try {
    return JSON.parse(String(json));
  } catch (error) {
    throw new RedisError(
      'REDIS_COMMAND_FAILED',
      `the stored result of idempotency key ${key} is not JSON (written by something else?)`,
      { cause: error, context: { key }, retryable: false },
    );
  }
}

function stillHeld(key: string, waitTimeoutMs: number, leaseLeftMs: number): ConflictError {
  return new ConflictError(
    `idempotency key ${key} is held by a run still in progress (its lease ends in ${leaseLeftMs} ms); gave up waiting after ${waitTimeoutMs} ms`,
    { context: { entity: 'IdempotencyKey', key, waitTimeoutMs, leaseLeftMs } },
  );
}

function notClaimed(key: string): ConflictError {
  return new ConflictError(`idempotency key ${key} was not claimed through this store`, {
    context: { entity: 'IdempotencyKey', key },
  });
}

/** The claim was gone when its result was to be stored: the lease ran out, or it was deleted. */
function claimLost(key: string, leaseMs: number): ConflictError {
  return new ConflictError(
    `idempotency key ${key} is no longer claimed by this run (its ${leaseMs} ms lease ran out, or another run took it): the result was not stored`,
    { code: 'IDEMPOTENCY_CLAIM_LOST', context: { entity: 'IdempotencyKey', key, leaseMs } },
  );
}

function wholeNumber(option: string, value: number, min: number): number {
  if (Number.isSafeInteger(value) && value >= min) return value;
  throw new ValidationError('RedisIdempotencyStore options', [
    { code: 'custom', path: [option], message: `must be a whole number ≥ ${min}`, input: value },
  ]);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
