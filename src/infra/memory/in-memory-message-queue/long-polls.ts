import type { ReceivedMessage } from '../../../shared/messaging/message-queue.js';
import { Deque } from './deque.js';

interface Waiter {
  readonly maxMessages: number;
  readonly visibilityMs: number;
  readonly resolve: (messages: ReceivedMessage[]) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  cleanup: () => void;
}

/** What long polls need from their queue. */
export interface LongPollSource {
  now(): number;
  /** Takes up to `maxMessages` visible messages, in flight for `visibilityMs`. */
  deliver(maxMessages: number, visibilityMs: number): ReceivedMessage[];
  /** When the next delayed or in-flight message becomes visible, if any. */
  nextDueAt(): number | undefined;
}

/**
 * The pending long polls of one queue, oldest first. They are served as soon as messages are
 * sent or released; while any waits, one unref'd timer wakes them when the next delayed or
 * in-flight message is due. An aborted or timed-out poll resolves `[]`.
 *
 * @example
 * ```ts
 * const polls = new LongPolls({ now, deliver, nextDueAt });
 * const messages = await polls.wait(10, 30_000, 20_000, signal);
 * polls.serve(); // after a send
 * ```
 */
export class LongPolls {
  private readonly waiters = new Deque<Waiter>();
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(private readonly source: LongPollSource) {}

  get length(): number {
    return this.waiters.length;
  }

  /** Waits up to `waitMs` for messages; `signal` ends the wait early with `[]`. */
  wait(
    maxMessages: number,
    visibilityMs: number,
    waitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ReceivedMessage[]> {
    return new Promise<ReceivedMessage[]>((resolve) => {
      const waiter: Waiter = {
        maxMessages,
        visibilityMs,
        resolve: (received) => {
          waiter.cleanup();
          resolve(received);
        },
        timer: undefined,
        cleanup: () => undefined,
      };
      const onAbort = (): void => {
        this.waiters.remove(waiter);
        waiter.resolve([]);
        this.arm();
      };
      waiter.timer = unrefTimer(onAbort, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.waiters.push(waiter);
      this.arm();
    });
  }

  /** Hands visible messages to pending long polls, oldest first; re-arms the wake-up timer. */
  serve(): void {
    if (this.waiters.length === 0) return;
    for (let waiter = this.waiters.peek(); waiter; waiter = this.waiters.peek()) {
      const messages = this.source.deliver(waiter.maxMessages, waiter.visibilityMs);
      if (messages.length === 0) break;
      this.waiters.shift();
      waiter.resolve(messages);
    }
    this.arm();
  }

  /** Ends every pending long poll with `[]` and stops the timer. */
  close(): void {
    this.disarm();
    for (let waiter = this.waiters.shift(); waiter; waiter = this.waiters.shift()) {
      waiter.resolve([]);
    }
  }

  /** While long polls wait, wakes up when the next delayed or in-flight message is due. */
  private arm(): void {
    const dueAt = this.waiters.length === 0 ? undefined : this.source.nextDueAt();
    if (dueAt === undefined) {
      this.disarm();
      return;
    }
    if (this.wakeTimer !== undefined && this.wakeAt <= dueAt) return;
    clearTimeout(this.wakeTimer);
    this.wakeAt = dueAt;
    this.wakeTimer = unrefTimer(
      () => {
        this.wakeTimer = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.serve();
      },
      Math.max(1, dueAt - this.source.now()),
    );
  }

  private disarm(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = Number.POSITIVE_INFINITY;
  }
}

function unrefTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return timer;
}
