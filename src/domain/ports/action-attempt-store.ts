/** What is known about the runs of one action (key = the action's idempotency key). */
export interface ActionAttempts {
  /** Handler runs that ended in a failure. */
  readonly failures: number;
  /**
   * Runs of any kind that began and never ended (the process died, or was killed, while they
   * ran). Such a run may be the victim of another run in its process, not the culprit.
   */
  readonly interruptions: number;
  /**
   * Runs begun ALONE (nothing else running in the process) that never ended: the action
   * itself is what kills the process. Always at most `interruptions`.
   */
  readonly crashes: number;
}

/**
 * How a run shares its process: `'shared'` beside other runs, or `'alone'` (a suspect, one
 * whose earlier run was interrupted, run in isolation so that its death is its own).
 */
export type AttemptRunMode = 'shared' | 'alone';

/**
 * A durable record of the handler runs of each action, shared by every worker process, so
 * that a worker can dead-letter an action after N failed runs (attempts) rather than N broker
 * deliveries, and recognise a message whose run kills the process. A run begun and never ended
 * is an interruption; it is a crash only when it was begun alone, since a run beside others
 * may have died of one of them (or of a SIGKILL aimed at the process). So a worker runs a
 * suspect (an action with interruptions) alone, and dead-letters on crashes. It is one of the
 * unit of work's `Repositories` and follows its unit of work like the others (a rolled-back
 * `fail` is not kept), so the worker writes it in a short unit of work of its own, never inside
 * the handler's: a handler that fails and rolls back still leaves its failure recorded. Each
 * method is atomic on its key: concurrent calls from other units of work never lose an update.
 *
 * @example
 * ```ts
 * const key = `action:${action.action_id}`;
 * // A run still open is counted at the next `begin`, so `get` sees it one run later.
 * const known = await uow.run(({ attempts }) => attempts.get(key));
 * const mode: AttemptRunMode = known.interruptions > 0 ? 'alone' : 'shared';
 * const before = await uow.run(({ attempts }) => attempts.begin(key, mode));
 * if (before.crashes >= maxCrashes) return deadLetter('crash_poison');
 * try {
 *   await runHandler(action, mode); // 'alone': nothing else runs in this process meanwhile
 *   await uow.run(({ attempts }) => attempts.clear(key));
 * } catch (error) {
 *   const after = await uow.run(({ attempts }) => attempts.fail(key));
 *   if (after.failures >= maxAttempts) return deadLetter('max_attempts');
 *   return retryLater(error);
 * }
 * ```
 */
export interface ActionAttemptStore {
  /**
   * Marks a run as begun in `mode` (default `'shared'`). If the previous run of this key is
   * still open (neither `fail` nor `clear` since), it counts as an interruption first, and as
   * a crash too when it was begun alone. Returns the counts after.
   */
  begin(key: string, mode?: AttemptRunMode): Promise<ActionAttempts>;
  /**
   * Ends the current run as failed (or records a failure when no run was begun):
   * failures + 1, no run open (so it counts as no interruption). Returns the counts after.
   */
  fail(key: string): Promise<ActionAttempts>;
  /** The counts, zeros for an unknown key. */
  get(key: string): Promise<ActionAttempts>;
  /** Forgets the key (the action completed or was dead-lettered). Unknown keys are fine. */
  clear(key: string): Promise<void>;
}
