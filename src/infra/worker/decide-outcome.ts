import type { TenantRecord } from '../../domain/models/tenant-record.js';
import type { ActionAttempts } from '../../domain/ports/action-attempt-store.js';
import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import { MalformedActionError } from '../../shared/messaging/malformed-action-error.js';
import { isPermanentFailure } from './is-permanent-failure.js';
import { WorkerCrashedError } from './worker-crashed-error.js';

/** How many tries an action gets, counted three ways. */
export interface AttemptPolicy {
  /** Failed handler runs before the action is dead-lettered as `max_attempts_exceeded`. */
  readonly maxAttempts: number;
  /** Runs alone that never ended (the process died) before it is dead-lettered as `worker_crashed`. */
  readonly maxCrashes: number;
  /** Deliveries before it is dead-lettered as `max_receives_exceeded`: the backstop for messages that never get to run. */
  readonly maxDeliveries: number;
}

/** A decision to stop trying: the reason and the error that goes with it. */
export interface DeadLetterVerdict {
  readonly kind: 'dead-letter';
  readonly reason: DeadLetterReason;
  readonly error: unknown;
}

/** A decision to try again after backoff; `attempt` is the number of failed runs so far. */
export interface RetryVerdict {
  readonly kind: 'retry';
  readonly attempt: number;
}

/**
 * Before a handler runs: whether what is already known rules the run out. Crashes first (a
 * crash poison must not get to run again), then failures a previous worker recorded but did
 * not get to dead-letter, then the delivery backstop. `undefined`: run it.
 *
 * @example
 * ```ts
 * decideBeforeRun(3, { failures: 0, crashes: 3 }, policy); // { kind: 'dead-letter', reason: 'worker_crashed', … }
 * decideBeforeRun(9, { failures: 0, crashes: 0 }, policy); // undefined: deliveries are not attempts
 * ```
 */
export function decideBeforeRun(
  receiveCount: number,
  attempts: ActionAttempts | undefined,
  policy: AttemptPolicy,
): DeadLetterVerdict | undefined {
  if (attempts !== undefined && attempts.crashes >= policy.maxCrashes) {
    return {
      kind: 'dead-letter',
      reason: 'worker_crashed',
      error: new WorkerCrashedError(attempts.crashes),
    };
  }
  if (attempts !== undefined && attempts.failures >= policy.maxAttempts) {
    return {
      kind: 'dead-letter',
      reason: 'max_attempts_exceeded',
      error: new MalformedActionError(
        'max_attempts_exceeded',
        `The handler failed ${attempts.failures} times (at most ${policy.maxAttempts})`,
      ),
    };
  }
  if (receiveCount > policy.maxDeliveries) {
    return {
      kind: 'dead-letter',
      reason: 'max_receives_exceeded',
      error: new MalformedActionError(
        'max_receives_exceeded',
        `Delivered ${receiveCount} times without a run that finished (at most ${policy.maxDeliveries})`,
      ),
    };
  }
  return undefined;
}

/**
 * After a handler run failed with `error` and the failure was recorded (`attempts` counts
 * it): a permanent error is dead-lettered at once, a retryable one until `maxAttempts`.
 *
 * @example
 * ```ts
 * decideAfterFailure(new Error('reset'), { failures: 1, crashes: 0 }, policy); // { kind: 'retry', attempt: 1 }
 * ```
 */
export function decideAfterFailure(
  error: unknown,
  attempts: ActionAttempts,
  policy: AttemptPolicy,
): DeadLetterVerdict | RetryVerdict {
  if (isPermanentFailure(error))
    return { kind: 'dead-letter', reason: 'non_retryable_error', error };
  if (attempts.failures >= policy.maxAttempts) {
    return { kind: 'dead-letter', reason: 'max_attempts_exceeded', error };
  }
  return { kind: 'retry', attempt: attempts.failures };
}

/**
 * Before anything else: whether the tenant directory lets the action's tenant run it. A
 * tenant it does not know is dead-lettered as `unknown_tenant`, a suspended one as
 * `tenant_suspended`; `undefined`: an active tenant, run it.
 *
 * @example
 * ```ts
 * decideForTenant('acme', undefined); // { kind: 'dead-letter', reason: 'unknown_tenant', … }
 * decideForTenant('acme', { tenantId: 'acme', tier: 'free', status: 'active' }); // undefined
 * ```
 */
export function decideForTenant(
  tenantId: string,
  tenant: TenantRecord | undefined,
): DeadLetterVerdict | undefined {
  if (tenant === undefined) {
    return {
      kind: 'dead-letter',
      reason: 'unknown_tenant',
      error: new MalformedActionError(
        'unknown_tenant',
        'The tenant of the action is not in the tenant directory',
        { context: { tenantId } },
      ),
    };
  }
  if (tenant.status !== 'active') {
    return {
      kind: 'dead-letter',
      reason: 'tenant_suspended',
      error: new MalformedActionError('tenant_suspended', 'The tenant of the action is suspended', {
        context: { tenantId },
      }),
    };
  }
  return undefined;
}
