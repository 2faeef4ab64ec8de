import { HandlerTimeoutError } from './handler-timeout-error.js';

/** What {@link HandlerDeadline.reached} resolves to. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * The time a handler has, counted from before its unit of work starts (waiting for a pool
 * connection or for a lock on the idempotency key counts too). `reached` *resolves* with
 * {@link TIMED_OUT} instead of rejecting, so nothing rejects unobserved when nobody is racing
 * it any more: a promise that rejected with no handler attached would end the process.
 *
 * @example
 * ```ts
 * const deadline = new HandlerDeadline('funnel.move_candidate', 30_000, () => controller.abort());
 * try {
 *   const winner = await Promise.race([work, deadline.reached]);
 *   if (winner === TIMED_OUT) throw deadline.error;
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export class HandlerDeadline {
  readonly reached: Promise<typeof TIMED_OUT>;
  private timer: NodeJS.Timeout | undefined;
  private passed = false;
  private timeoutError: HandlerTimeoutError | undefined;

  constructor(
    private readonly actionType: string,
    private readonly timeoutMs: number,
    onExpire: (error: HandlerTimeoutError) => void,
  ) {
    this.reached = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.passed = true;
        onExpire(this.error);
        resolve(TIMED_OUT);
      }, timeoutMs);
    });
  }

  /** The timeout error (made only when needed: an Error captures a stack). */
  get error(): HandlerTimeoutError {
    this.timeoutError ??= new HandlerTimeoutError(this.actionType, this.timeoutMs);
    return this.timeoutError;
  }

  get expired(): boolean {
    return this.passed;
  }

  /** Throws the timeout error once the deadline has passed (checked before the handler starts). */
  throwIfExpired(): void {
    if (this.passed) throw this.error;
  }

  /** Settles `work` or throws the timeout error, whichever comes first. */
  async race<T>(work: Promise<T>): Promise<T> {
    const winner = await Promise.race([work, this.reached]);
    if (winner === TIMED_OUT) {
      // The work goes on in the background; its outcome is no longer anyone's business.
      work.catch(() => undefined);
      throw this.error;
    }
    return winner as T;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
