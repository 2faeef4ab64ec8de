/** What is known about the runs of one action (key = the action's idempotency key). */
export interface ActionAttempts {
  /** Handler runs that ended in a failure. */
  readonly failures: number;
  /** Runs that began and never ended: the process running them died. */
  readonly crashes: number;
}

/**
 * A durable record of the handler runs of each action, shared by every worker process, so
 * that a worker can dead-letter an action after N failed runs (attempts) rather than N broker
 * deliveries, and recognise a message whose run kills the process (a run begun and never
 * ended). It is one of the unit of work's `Repositories` and follows its unit of work like
 * the others (a rolled-back `fail` is not kept), so the worker writes it in a short unit of
 * work of its own, never inside the handler's: a handler that fails and rolls back still
 * leaves its failure recorded. Each method is atomic on its key: concurrent calls from other
 * units of work never lose an update.
 *
 * @example
 * ```ts
 * const key = `action:${action.action_id}`;
 * const before = await uow.run(({ attempts }) => attempts.begin(key));
 * if (before.crashes >= maxCrashes) return deadLetter('crash_poison');
 * try {
 *   await runHandler(action);
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
   * Marks a run as begun. If the previous run of this key was begun and never ended (neither
   * `fail` nor `clear` since), it counts as a crash first. Returns the counts after.
   */
  begin(key: string): Promise<ActionAttempts>;
  /**
   * Ends the current run as failed (or records a failure when no run was begun):
   * failures + 1, no run open. Returns the counts after.
   */
  fail(key: string): Promise<ActionAttempts>;
  /** The counts, zeros for an unknown key. */
  get(key: string): Promise<ActionAttempts>;
  /** Forgets the key (the action completed or was dead-lettered). Unknown keys are fine. */
  clear(key: string): Promise<void>;
}
