import type { ReceivedMessage } from '../../shared/messaging/message-queue.js';

const MAX_PER_POLL = 10;

/** What {@link ReceiveReadAhead} calls: one ReceiveMessage of up to 10, and a release. */
export interface ReadAheadCalls {
  /** One ReceiveMessage; resolves `[]` when `signal` aborts. May reject. */
  poll(maxMessages: number, signal: AbortSignal): Promise<ReceivedMessage[]>;
  /** Makes messages visible again at once (visibility 0). Must not reject. */
  release(receiptHandles: readonly string[]): Promise<void>;
}

/** How far {@link ReceiveReadAhead} reads ahead. */
export interface ReadAheadOptions {
  /** Most ReceiveMessage calls in flight (2–10). */
  readonly concurrency: number;
  /** A message received but not taken within this long is released (ms). */
  readonly holdMs: number;
}

interface Buffered {
  readonly message: ReceivedMessage;
  readonly at: number;
}

/**
 * Pipelined receiving for one queue. A consumer that comes back for more within half of
 * `holdMs` of its last messages (it keeps up) earns one more poll in flight, up to
 * `concurrency`: those polls run while it works, so their round trips hide behind its work and
 * behind each other, within `level × 10` messages read ahead. A consumer that does not keep up
 * gets none: a message read ahead that waited `holdMs` untaken is released (visibility 0) and
 * the read-ahead drops to one poll per `receive`, exactly as without it; an empty long poll
 * (a drained queue) drops one. An aborted signal aborts the polls in flight and releases what
 * is buffered.
 *
 * @example
 * ```ts
 * const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 1_000 });
 * const messages = await ahead.receive(10, signal);
 * ```
 */
export class ReceiveReadAhead {
  private buffer: Buffered[] = [];
  private inFlight = 0;
  /** Polls in flight allowed now: 1 (none ahead) … concurrency. */
  private level = 1;
  /** When the last `receive` returned messages (ms). */
  private servedAt = Number.NEGATIVE_INFINITY;
  private controller = new AbortController();
  private readonly watched = new WeakSet<AbortSignal>();
  private waiters: (() => void)[] = [];
  private sweep: NodeJS.Timeout | undefined;
  /** A poll's failure, thrown to a consumer that finds nothing else. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly calls: ReadAheadCalls,
    private readonly options: ReadAheadOptions,
  ) {}

  /** Messages read ahead and not taken yet. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Polls the read-ahead may keep in flight now (1 … concurrency). */
  get currentLevel(): number {
    return this.level;
  }

  async receive(maxMessages: number, signal: AbortSignal | undefined): Promise<ReceivedMessage[]> {
    if (signal?.aborted) return [];
    this.watch(signal);
    if (this.buffer.length === 0) {
      if (Date.now() - this.servedAt < this.options.holdMs / 2) {
        this.level = Math.min(this.options.concurrency, this.level + 1);
      }
      if (this.inFlight === 0) {
        this.failure = undefined;
        void this.pollOnce(maxMessages);
      }
      this.topUp();
      while (this.buffer.length === 0 && this.inFlight > 0 && !signal?.aborted) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      if (this.buffer.length === 0 && this.failure !== undefined && !signal?.aborted) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
    }
    if (signal?.aborted) return [];
    const taken = this.buffer.splice(0, maxMessages).map((entry) => entry.message);
    if (taken.length > 0) this.servedAt = Date.now();
    this.topUp();
    this.schedule();
    return taken;
  }

  /**
   * Releases every buffered message once the polls in flight have ended, and what they bring
   * too. With `abortPolls` (the consumer's signal aborted) those polls are aborted first;
   * without it (a graceful `releaseReadAhead`) they are let finish, since aborting a receive
   * the broker already answered leaves its messages invisible for a whole visibility timeout.
   */
  async drain(abortPolls = true): Promise<void> {
    if (abortPolls) {
      this.controller.abort();
      this.controller = new AbortController();
    }
    this.level = 1;
    while (this.inFlight > 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    await this.releaseReceivedBefore(Number.POSITIVE_INFINITY);
  }

  /** Polls ahead (10 each) up to `level` in flight, within `level × 10` messages. */
  private topUp(): void {
    if (this.level < 2) return;
    const room = Math.floor((this.level * MAX_PER_POLL - this.buffer.length) / MAX_PER_POLL);
    for (let polls = Math.min(this.level, room) - this.inFlight; polls > 0; polls -= 1) {
      void this.pollOnce(MAX_PER_POLL);
    }
  }

  private async pollOnce(maxMessages: number): Promise<void> {
    this.inFlight += 1;
    const signal = this.controller.signal;
    try {
      const messages = await this.calls.poll(maxMessages, signal);
      const at = Date.now();
      for (const message of messages) this.buffer.push({ message, at });
      if (messages.length > 0) this.schedule();
      else this.level = Math.max(1, this.level - 1);
    } catch (error) {
      this.failure = { error };
      this.level = 1;
    } finally {
      this.inFlight -= 1;
      for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  private watch(signal: AbortSignal | undefined): void {
    if (signal === undefined || this.watched.has(signal)) return;
    this.watched.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        for (const resolve of this.waiters.splice(0)) resolve();
        void this.drain();
      },
      { once: true },
    );
  }

  /** Arms the sweep for the oldest buffered message. */
  private schedule(): void {
    const oldest = this.buffer[0];
    if (oldest === undefined || this.sweep !== undefined) return;
    const delay = Math.max(0, oldest.at + this.options.holdMs - Date.now());
    this.sweep = setTimeout(() => {
      this.sweep = undefined;
      void this.releaseReceivedBefore(Date.now() - this.options.holdMs).then(() => this.schedule());
    }, delay);
    this.sweep.unref();
  }

  private async releaseReceivedBefore(cutoff: number): Promise<void> {
    const stale = this.buffer.filter((entry) => entry.at <= cutoff);
    if (stale.length === 0) return;
    this.buffer = this.buffer.filter((entry) => entry.at > cutoff);
    this.level = 1;
    await this.calls.release(stale.map((entry) => entry.message.receiptHandle));
  }
}
