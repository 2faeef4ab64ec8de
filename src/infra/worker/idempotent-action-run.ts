import type { IdempotencyClaim } from '../../domain/ports/idempotency-store.js';
import type { Repositories, UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import { actionFingerprint } from './action-fingerprint.js';
import { actionKey } from './action-key.js';
import { IdempotencyConflictError } from './idempotency-conflict-error.js';
import { ResultNotSerialisableError } from './result-not-serialisable-error.js';

/** What an action's idempotency key stores once the action is applied. */
interface StoredActionResult {
  readonly action_fingerprint: string;
  readonly result: unknown;
}

/** The result of a run: fresh, or the stored one of an earlier run (`replayed`). */
export interface ActionRunResult {
  readonly result: unknown;
  readonly replayed: boolean;
}

/**
 * Runs an action's handler at most once per tenant and action id (the key of {@link actionKey}):
 * the handler's writes, the JSON of its result and the action's fingerprint commit together in
 * one unit of work. A later delivery with the same fingerprint returns the stored result
 * without running; one with another fingerprint throws {@link IdempotencyConflictError}.
 *
 * @example
 * ```ts
 * const run = new IdempotentActionRun(uow, action);
 * const { result, replayed } = await run.execute((repos) => handler.handle(data, context(repos)));
 * ```
 */
export class IdempotentActionRun {
  readonly key: string;
  private fingerprintValue: string | undefined;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly action: DomainAction,
    key: string = actionKey(action),
  ) {
    this.key = key;
  }

  private get fingerprint(): string {
    this.fingerprintValue ??= actionFingerprint(this.action);
    return this.fingerprintValue;
  }

  /** Runs `work` in a unit of work unless the action was applied already. */
  execute(work: (repositories: Repositories) => Promise<unknown>): Promise<ActionRunResult> {
    return this.unitOfWork.run(async (repositories) => {
      const claim = await repositories.idempotency.claim(this.key);
      if (claim.state === 'completed') return { result: this.replay(claim), replayed: true };
      const result = toJsonValue(await work(repositories), this.action.action_type);
      const stored: StoredActionResult = { action_fingerprint: this.fingerprint, result };
      await repositories.idempotency.complete(this.key, stored);
      return { result, replayed: false };
    });
  }

  /**
   * The stored result when the action was applied already, else `undefined` (asked before a
   * dead letter: a completed action is acknowledged, never dead-lettered). Claims the key in a
   * unit of work that is then rolled back, so it works on any `IdempotencyStore`.
   */
  async findCompleted(): Promise<ActionRunResult | undefined> {
    const notCompleted = Symbol('not completed');
    try {
      return await this.unitOfWork.run(async (repositories) => {
        const claim = await repositories.idempotency.claim(this.key);
        if (claim.state !== 'completed') throw notCompleted;
        return { result: this.replay(claim), replayed: true };
      });
    } catch (error) {
      if (error === notCompleted) return undefined;
      throw error;
    }
  }

  private replay(claim: Extract<IdempotencyClaim, { state: 'completed' }>): unknown {
    const stored = claim.result as Partial<StoredActionResult> | null;
    if (typeof stored !== 'object' || stored === null || !('action_fingerprint' in stored)) {
      return claim.result;
    }
    if (stored.action_fingerprint !== this.fingerprint) {
      throw new IdempotencyConflictError(this.action.action_id, {
        context: { tenantId: this.action.tenant_id, actionType: this.action.action_type },
      });
    }
    return stored.result ?? null;
  }
}

/**
 * The JSON value a result stands for (`undefined` → `null`), the same shape a replay returns.
 *
 * @example
 * ```ts
 * toJsonValue({ at: new Date(0) }, 'x.y'); // { at: '1970-01-01T00:00:00.000Z' }
 * ```
 */
export function toJsonValue(value: unknown, actionType: string): unknown {
  if (value === undefined) return null;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? null : JSON.parse(json);
  } catch (error) {
    throw new ResultNotSerialisableError(actionType, { cause: error });
  }
}
