/**
 * Who may run at once in this process: any number of ordinary runs side by side, or one
 * suspect alone. A suspect is an action whose earlier run never ended (the process died
 * while it ran); running it alone means that if the process dies again, nothing else was
 * running, so the action is what kills it — and no healthy action beside it is blamed. An
 * alone run waits for the running ones to finish and holds new ones back until it is done.
 *
 * @example
 * ```ts
 * const gate = new RunGate();
 * await gate.shared(() => runHandler(action));
 * await gate.alone(() => runHandler(suspect));
 * ```
 */
export class RunGate {
  private sharedRunning = 0;
  private aloneRunning = false;
  /** Alone runs waiting, in order; while any waits, new shared runs wait too (no starvation). */
  private readonly aloneQueue: (() => void)[] = [];
  private sharedWaiters: (() => void)[] = [];
  private drained: (() => void) | undefined;

  /**
   * Enters a shared run: `undefined` when it may start at once (the common case, no promise
   * made), else a promise that resolves when it may. Pair with {@link leaveShared}.
   */
  enterShared(): Promise<void> | undefined {
    if (!this.aloneRunning && this.aloneQueue.length === 0) {
      this.sharedRunning += 1;
      return undefined;
    }
    return new Promise<void>((resolve) =>
      // Counted as it is let in, so an alone run queued next sees it running.
      this.sharedWaiters.push(() => {
        this.sharedRunning += 1;
        resolve();
      }),
    );
  }

  /** Leaves a shared run entered with {@link enterShared}. */
  leaveShared(): void {
    this.sharedRunning -= 1;
    if (this.sharedRunning === 0) this.drained?.();
  }

  /** Runs `work` beside other shared runs (waits only while a suspect runs or waits). */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    const waiting = this.enterShared();
    if (waiting) await waiting;
    try {
      return await work();
    } finally {
      this.leaveShared();
    }
  }

  /** Runs `work` with nothing else running in this process. */
  async alone<T>(work: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.aloneQueue.push(resolve);
      if (this.aloneQueue.length === 1 && !this.aloneRunning) void this.startNextAlone();
    });
    try {
      return await work();
    } finally {
      this.aloneRunning = false;
      if (this.aloneQueue.length > 0) void this.startNextAlone();
      else for (const resolve of this.sharedWaiters.splice(0)) resolve();
    }
  }

  private async startNextAlone(): Promise<void> {
    this.aloneRunning = true;
    if (this.sharedRunning > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
      this.drained = undefined;
    }
    this.aloneQueue.shift()?.();
  }
}
