import { DeadlineTimers, type DeadlineToken } from './deadline-timers.js';
import { HandlerTimeoutError } from './handler-timeout-error.js';

// One set of timer lists for every handler of the process: a timer per tier timeout, not per action.
const timers = new DeadlineTimers();

/**
 * The time a handler has, counted from before its unit of work starts (waiting for a pool
 * connection or for a lock on the idempotency key counts too). {@link HandlerDeadline.race}
 * settles with the work or rejects with the timeout error once the deadline passes; the work
 * it gave up on can reject later without ever being an unhandled rejection.
 *
 * @example
 * ```ts
 * const deadline = new HandlerDeadline('funnel.move_candidate', 30_000, () => controller.abort());
 * try {
 *   return await deadline.race(handler.handle(data, context));
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export class HandlerDeadline {
  private readonly token: DeadlineToken;
  private passed = false;
  private timeoutError: HandlerTimeoutError | undefined;
  /** What rejects the races in progress when the deadline passes (one, or two when nested). */
  private loser: ((error: HandlerTimeoutError) => void) | undefined;
  private moreLosers: ((error: HandlerTimeoutError) => void)[] | undefined;

  constructor(
    private readonly actionType: string,
    private readonly timeoutMs: number,
    private readonly onExpire: (error: HandlerTimeoutError) => void,
  ) {
    this.token = timers.add(timeoutMs, () => this.expire());
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

  /** Settles as `work` does, or rejects with the timeout error, whichever comes first. */
  race<T>(work: PromiseLike<T>): Promise<T> {
    if (this.passed) {
      // The work goes on in the background; its outcome is no longer anyone's business.
      work.then(undefined, () => undefined);
      return Promise.reject(this.error);
    }
    return new Promise<T>((resolve, reject) => {
      if (this.loser === undefined) this.loser = reject;
      else if (this.moreLosers === undefined) this.moreLosers = [reject];
      else this.moreLosers.push(reject);
      // Also observes a rejection that comes after the deadline: never unhandled.
      work.then(resolve, reject);
    });
  }

  clear(): void {
    timers.remove(this.token);
  }

  private expire(): void {
    this.passed = true;
    const error = this.error;
    this.onExpire(error);
    this.loser?.(error);
    for (const reject of this.moreLosers ?? []) reject(error);
  }
}
