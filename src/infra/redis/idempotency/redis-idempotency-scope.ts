import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../domain/errors.js';
import type {
  IdempotencyClaim,
  IdempotencyStore,
} from '../../../domain/ports/idempotency-store.js';
import { IdempotencyResultNotSavedError } from './idempotency-result-not-saved-error.js';
import type { RedisIdempotencyStore } from './redis-idempotency-store.js';

/** A claim this scope holds: its owner token, and its result once completed in the run. */
interface HeldClaim {
  readonly ownerToken: string;
  resultJson?: string;
}

/** One step of the run, undone when the savepoint around it fails. */
interface Step {
  readonly kind: 'claim' | 'complete';
  readonly key: string;
}

/**
 * The `IdempotencyStore` of one unit of work's run on a {@link RedisIdempotencyStore}: claims
 * go to Redis at once (so concurrent runs wait for each other), completions are kept until the
 * run's fate is known. `commit()` (after the SQL commit) stores every completed result and
 * releases the claims left uncompleted; `rollback()` releases every claim. While the run is
 * open, its claims' leases are renewed every third of the lease (an unref'd timer, stopped on
 * commit or rollback). `mark()`/`undoTo(mark)` undo the claims and completions of a failed
 * savepoint. `RedisIdempotentUnitOfWork` drives all of this; use a scope directly only to
 * build a decorator of your own.
 *
 * @example
 * ```ts
 * const scope = new RedisIdempotencyScope(store);
 * try {
 *   const result = await inner.run((repos) => work({ ...repos, idempotency: scope }));
 *   await scope.commit();
 *   return result;
 * } catch (error) {
 *   await scope.rollback();
 *   throw error;
 * }
 * ```
 */
export class RedisIdempotencyScope implements IdempotencyStore {
  readonly #store: RedisIdempotencyStore;
  readonly #held = new Map<string, HeldClaim>();
  readonly #steps: Step[] = [];
  #renewal: ReturnType<typeof setInterval> | undefined;
  #renewing = false;
  #settled = false;

  constructor(store: RedisIdempotencyStore) {
    this.#store = store;
  }

  async claim(key: string): Promise<IdempotencyClaim> {
    this.#assertOpen();
    const held = this.#held.get(key);
    if (held?.resultJson !== undefined) {
      return { state: 'completed', result: JSON.parse(held.resultJson) };
    }
    if (held) {
      throw new ConflictError(
        `idempotency key ${key} is claimed but not completed (claimed earlier in this unit of work?)`,
        { context: { entity: 'IdempotencyKey', key } },
      );
    }
    const ownerToken = randomUUID();
    const claim = await this.#store.claimAs(key, ownerToken);
    if (claim.state !== 'new') return claim;
    if (this.#settled) {
      // The run ended while this claim was on its way: give it up at once.
      await this.#store.releaseAs(key, ownerToken).catch(() => false);
      this.#assertOpen();
    }
    this.#held.set(key, { ownerToken });
    this.#steps.push({ kind: 'claim', key });
    this.#renewal ??= this.#startRenewal();
    return claim;
  }

  async complete(key: string, result: unknown): Promise<void> {
    this.#assertOpen();
    const held = this.#held.get(key);
    if (!held || held.resultJson !== undefined) {
      throw new ConflictError(
        `idempotency key ${key} was not claimed in this unit of work, or is already completed`,
        { context: { entity: 'IdempotencyKey', key } },
      );
    }
    held.resultJson = JSON.stringify(result) ?? 'null';
    this.#steps.push({ kind: 'complete', key });
  }

  /** A point to come back to with {@link undoTo} (taken when a savepoint starts). */
  mark(): number {
    return this.#steps.length;
  }

  /** Undoes the claims (released in Redis) and completions made since `mark`. */
  async undoTo(mark: number): Promise<void> {
    const releases: Promise<boolean>[] = [];
    while (this.#steps.length > mark) {
      const step = this.#steps.pop() as Step;
      const held = this.#held.get(step.key);
      if (!held) continue;
      if (step.kind === 'complete') {
        delete held.resultJson;
      } else {
        this.#held.delete(step.key);
        releases.push(this.#store.releaseAs(step.key, held.ownerToken).catch(() => false));
      }
    }
    await Promise.all(releases);
  }

  /**
   * After the run committed: stores each completed result (only where the claim is still
   * owned) and releases the claims left uncompleted. Throws
   * `IdempotencyResultNotSavedError` when a result could not be stored.
   */
  async commit(): Promise<void> {
    this.#settle();
    const failures: { key: string; error: unknown }[] = [];
    await Promise.all(
      [...this.#held].map(async ([key, held]) => {
        if (held.resultJson === undefined) {
          await this.#store.releaseAs(key, held.ownerToken).catch(() => false);
          return;
        }
        try {
          if (!(await this.#store.completeAs(key, held.ownerToken, held.resultJson))) {
            failures.push({ key, error: claimGone(key, this.#store.leaseMs) });
          }
        } catch (error) {
          failures.push({ key, error });
        }
      }),
    );
    this.#held.clear();
    if (failures.length > 0) {
      throw new IdempotencyResultNotSavedError(
        failures.map((failure) => failure.key),
        this.#store.leaseMs,
        { cause: failures[0]?.error },
      );
    }
  }

  /**
   * After the run rolled back: releases every claim. A release that fails (Redis down) is
   * ignored: the marker expires after the lease.
   */
  async rollback(): Promise<void> {
    this.#settle();
    const held = [...this.#held];
    this.#held.clear();
    await Promise.all(
      held.map(([key, claim]) => this.#store.releaseAs(key, claim.ownerToken).catch(() => false)),
    );
  }

  #settle(): void {
    this.#assertOpen();
    this.#settled = true;
    clearInterval(this.#renewal);
  }

  #assertOpen(): void {
    if (this.#settled) {
      throw new Error('the idempotency scope of a finished unit of work cannot be used');
    }
  }

  #startRenewal(): ReturnType<typeof setInterval> {
    const timer = setInterval(
      () => void this.#renew(),
      Math.max(1, Math.floor(this.#store.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  async #renew(): Promise<void> {
    if (this.#renewing || this.#settled) return;
    this.#renewing = true;
    try {
      // A claim found lost is left to commit(), whose compare-and-set then fails and says so.
      await Promise.all(
        [...this.#held].map(([key, held]) =>
          this.#store.renewAs(key, held.ownerToken).catch(() => false),
        ),
      );
    } finally {
      this.#renewing = false;
    }
  }
}

function claimGone(key: string, leaseMs: number): ConflictError {
  return new ConflictError(
    `idempotency key ${key} was no longer claimed by this run when its result was to be stored (the ${leaseMs} ms lease ran out, or the record was removed)`,
    { code: 'IDEMPOTENCY_CLAIM_LOST', context: { entity: 'IdempotencyKey', key, leaseMs } },
  );
}
