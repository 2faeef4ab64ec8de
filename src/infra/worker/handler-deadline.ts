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
  private loser: ((error: unknown) => void) | undefined;
  private moreLosers: ((error: unknown) => void)[] | undefined;

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

  /**
   * Settles as `work` does (its value through `map`), or rejects with the timeout error,
   * whichever comes first; `done` runs just before it settles, either way. One promise per
   * race: each one pays the async hooks that AsyncLocalStorage installs.
   */
  race<T, R = T>(work: PromiseLike<T>, map?: (value: T) => R, done?: () => void): Promise<R> {
    if (this.passed) {
      // The work goes on in the background; its outcome is no longer anyone's business.
      work.then(undefined, () => undefined);
      done?.();
      return Promise.reject(this.error);
    }
    return new Promise<R>((resolve, reject) => {
      const fail = (error: unknown) => {
        done?.();
        reject(error);
      };
      if (this.loser === undefined) this.loser = fail;
      else if (this.moreLosers === undefined) this.moreLosers = [fail];
      else this.moreLosers.push(fail);
      // Also observes a rejection that comes after the deadline: never unhandled.
      work.then((value) => {
        if (this.passed) return; // rejected with the timeout error already
        done?.();
        try {
          resolve(map === undefined ? (value as unknown as R) : map(value));
        } catch (error) {
          reject(error);
        }
      }, fail);
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
