import type { MessageQueue, ReceivedMessage } from '../../shared/messaging/message-queue.js';
import type { ResolvedReceiveOptions } from '../../shared/messaging/resolve-receive-options.js';
import { type ReadAheadCalls, ReceiveReadAhead } from './receive-read-ahead.js';

/**
 * The {@link ReceiveReadAhead} of each queue (and wait time and visibility timeout, which its
 * polls reuse) of an `SqsMessageQueue` with `receiveConcurrency` above 1. FIFO queues are
 * received one call at a time (`receiveOnce`): a read-ahead would hold a group's messages.
 *
 * @example
 * ```ts
 * const aheads = new SqsReadAheads({ concurrency: 3 }, (queue, options) => calls);
 * const messages = await aheads.receive('leads', resolveReceiveOptions({ waitTimeSeconds: 20 }));
 * ```
 */
export class SqsReadAheads {
  private readonly byKey = new Map<string, ReceiveReadAhead>();

  constructor(
    private readonly settings: { readonly concurrency: number; readonly holdMs?: number },
    private readonly calls: (queue: string, options: ResolvedReceiveOptions) => ReadAheadCalls,
  ) {}

  /**
   * The read-aheads of a queue built with `receiveConcurrency` and `readAheadHoldMs` (checked
   * here: 1–10 and ≥ 0), or `undefined` for one call per receive (`receiveConcurrency` 1).
   */
  static forOptions(
    options: { readonly receiveConcurrency?: number; readonly readAheadHoldMs?: number },
    queue: Pick<MessageQueue, 'changeVisibility'> & {
      receiveOnce(queue: string, options: ResolvedReceiveOptions): Promise<ReceivedMessage[]>;
    },
  ): SqsReadAheads | undefined {
    const concurrency = options.receiveConcurrency ?? 1;
    checkInteger('receiveConcurrency', concurrency, 1, 10);
    const holdMs = options.readAheadHoldMs;
    if (holdMs !== undefined) checkInteger('readAheadHoldMs', holdMs, 0, Number.MAX_SAFE_INTEGER);
    if (concurrency === 1) return undefined;
    const settings = { concurrency, ...(holdMs === undefined ? {} : { holdMs }) };
    return new SqsReadAheads(settings, (name, resolved) => ({
      poll: (maxMessages, signal) => queue.receiveOnce(name, { ...resolved, maxMessages, signal }),
      release: async (handles) => {
        const changes = handles.map((receiptHandle) => ({ receiptHandle, timeoutSeconds: 0 }));
        // Unreleased, they come back after their visibility timeout.
        await queue.changeVisibility(name, changes).catch(() => undefined);
      },
    }));
  }

  receive(queue: string, options: ResolvedReceiveOptions): Promise<ReceivedMessage[]> {
    const { waitTimeSeconds, visibilityTimeoutSeconds: visibility } = options;
    const key = `${queue}\n${waitTimeSeconds}\n${visibility ?? ''}`;
    let ahead = this.byKey.get(key);
    if (ahead === undefined) {
      // Well inside the visibility timeout, so a consumer's own estimate of it stays close.
      const holdMs =
        this.settings.holdMs ??
        Math.min(1_000, visibility === undefined ? 1_000 : visibility * 100);
      ahead = new ReceiveReadAhead(this.calls(queue, options), {
        concurrency: this.settings.concurrency,
        holdMs,
      });
      this.byKey.set(key, ahead);
    }
    return ahead.receive(options.maxMessages, options.signal);
  }

  /** Lets every read-ahead poll finish, then releases every message read ahead. */
  async drain(): Promise<void> {
    await Promise.all([...this.byKey.values()].map((ahead) => ahead.drain(false)));
  }
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
