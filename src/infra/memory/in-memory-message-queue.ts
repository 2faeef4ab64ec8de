import { randomUUID } from 'node:crypto';
import { ConflictError, InfrastructureError } from '../../domain/errors.js';
import { mergeMessageAttributes } from '../../shared/messaging/merge-message-attributes.js';
import type {
  BatchOutcome,
  FailedEntry,
  MessageQueue,
  MessageQueueLimits,
  OutgoingMessage,
  ReceivedMessage,
  ReceiveOptions,
  SendOutcome,
  VisibilityChange,
} from '../../shared/messaging/message-queue.js';
import { resolveReceiveOptions } from '../../shared/messaging/resolve-receive-options.js';
import { SQS_MESSAGE_LIMITS } from '../../shared/messaging/sqs-message-limits.js';
import { traceSend } from '../../shared/messaging/trace-send.js';
import { checkRange, isWithin } from './in-memory-message-queue/check-range.js';
import { copyAttributes } from './in-memory-message-queue/copy-attributes.js';
import { DeduplicationWindow } from './in-memory-message-queue/deduplication-window.js';
import { InMemoryQueue } from './in-memory-message-queue/in-memory-queue.js';
import type {
  InMemoryMessageQueueOptions,
  InMemoryQueueOptions,
} from './in-memory-message-queue/in-memory-queue-options.js';
import type { QueuedMessage } from './in-memory-message-queue/queued-message.js';
import type { QueueDepth, StoredMessage } from './in-memory-message-queue/stored-message.js';
import { validateOutgoingMessage } from './in-memory-message-queue/validate-outgoing-message.js';

export type {
  InMemoryMessageQueueOptions,
  InMemoryQueueOptions,
} from './in-memory-message-queue/in-memory-queue-options.js';
export type { QueueDepth, StoredMessage } from './in-memory-message-queue/stored-message.js';

const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/**
 * A `MessageQueue` in one process with SQS semantics and real state, for tests, demos and
 * benchmarks: a visibility timeout per delivery, a fresh receipt handle per delivery (only
 * the latest one deletes or changes visibility: an older one is a failed entry
 * `ReceiptHandleIsInvalid`), receive counts, redrive to a dead-letter queue after
 * `maxReceiveCount` deliveries, `delaySeconds`, long polling that wakes on the first
 * available message, FIFO groups (in order, at most one message of a group in flight) and
 * deduplication ids (5-minute window; a duplicate reports the original message id).
 * Attributes keep their data types (`typedAttributes`; binary values are copied in and out,
 * never shared with the caller). `limits` are SQS's: 10 attributes and `maxMessageBytes`
 * (default 262,144, like `SqsMessageQueue`); a message over them is a failed entry
 * `TooManyAttributes` or `MessageTooLong`, exactly as the SQS adapter reports it. Other
 * entries SQS would refuse are failed entries with SQS's codes (`InvalidParameterValue`,
 * `InvalidMessageContents`, `MissingParameter`). Unknown queues throw `InfrastructureError`
 * code `QUEUE_NOT_FOUND`. Every operation is O(log n) in the queue's size.
 *
 * Timers are unref'd and `close()` ends every pending long poll, so a queue never keeps a
 * process alive. With a manual `clock`, call {@link InMemoryMessageQueue.poke} after moving
 * it so that pending long polls notice messages that became visible.
 *
 * @example
 * ```ts
 * const queue = new InMemoryMessageQueue();
 * queue.createQueue('leads-dlq');
 * queue.createQueue('leads', { visibilityTimeoutSeconds: 5, deadLetter: { queue: 'leads-dlq', maxReceiveCount: 3 } });
 * await queue.send('leads', [{ body: JSON.stringify(action) }]);
 * const [message] = await queue.receive('leads', { waitTimeSeconds: 1 });
 * if (message) await queue.delete('leads', [message.receiptHandle]);
 * queue.depth('leads'); // { visible: 0, inFlight: 0, delayed: 0, total: 0 }
 * ```
 */
export class InMemoryMessageQueue implements MessageQueue {
  /** 10 attributes and `maxMessageBytes` (default 262,144) per message. */
  readonly limits: MessageQueueLimits;
  /** `messaging.system` of its spans. */
  readonly messagingSystem = 'baltra_memory';
  private readonly queues = new Map<string, InMemoryQueue>();
  private readonly clock: { now(): number };
  private seq = 0;
  private closed = false;

  constructor(options: InMemoryMessageQueueOptions = {}) {
    this.clock = options.clock ?? Date;
    const maxMessageBytes = options.maxMessageBytes ?? SQS_MESSAGE_LIMITS.maxMessageBytes;
    checkRange('maxMessageBytes', maxMessageBytes, 1, Number.MAX_SAFE_INTEGER);
    this.limits = Object.freeze({ ...SQS_MESSAGE_LIMITS, maxMessageBytes });
    for (const [name, queueOptions] of Object.entries(options.queues ?? {})) {
      this.createQueue(name, queueOptions);
    }
  }

  /**
   * Creates a queue (idempotent when the options match; other options for an existing name
   * are a `ConflictError` code `QUEUE_ALREADY_EXISTS`). FIFO queues must be named `*.fifo`.
   */
  createQueue(name: string, options: InMemoryQueueOptions = {}): void {
    const fifo = options.fifo ?? name.endsWith('.fifo');
    if (fifo !== name.endsWith('.fifo')) {
      throw new RangeError(`queue ${name}: FIFO queues, and only they, are named *.fifo`);
    }
    const visibilitySeconds =
      options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
    checkRange('visibilityTimeoutSeconds', visibilitySeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    const maxMessageBytes = options.maxMessageBytes ?? this.limits.maxMessageBytes;
    checkRange('maxMessageBytes', maxMessageBytes, 1, Number.MAX_SAFE_INTEGER);
    const deadLetter = options.deadLetter;
    if (deadLetter !== undefined) {
      checkRange('deadLetter.maxReceiveCount', deadLetter.maxReceiveCount, 1, 1000);
      if (deadLetter.queue === name) throw new RangeError(`queue ${name} cannot be its own DLQ`);
    }
    const existing = this.queues.get(name)?.config;
    if (existing !== undefined) {
      const same =
        existing.fifo === fifo &&
        existing.visibilityMs === visibilitySeconds * 1000 &&
        existing.deadLetter?.queue === deadLetter?.queue &&
        existing.deadLetter?.maxReceiveCount === deadLetter?.maxReceiveCount;
      if (!same) {
        throw new ConflictError(`queue ${name} already exists with other attributes`, {
          code: 'QUEUE_ALREADY_EXISTS',
          context: { queue: name },
        });
      }
      return;
    }
    if (deadLetter !== undefined) {
      const dlq = this.queues.get(deadLetter.queue);
      if (dlq === undefined) this.createQueue(deadLetter.queue, { fifo });
      else if (dlq.config.fifo !== fifo) {
        throw new RangeError(`queue ${name}: its dead-letter queue must be of the same type`);
      }
    }
    const config = {
      name,
      fifo,
      visibilityMs: visibilitySeconds * 1000,
      contentBasedDeduplication: options.contentBasedDeduplication ?? false,
      deadLetter: deadLetter && {
        queue: deadLetter.queue,
        maxReceiveCount: deadLetter.maxReceiveCount,
      },
      maxMessageBytes,
    };
    this.queues.set(
      name,
      new InMemoryQueue(config, {
        clock: this.clock,
        nextSeq: () => this.nextSeq(),
        deadLetterQueue: (dlq) => this.queues.get(dlq),
      }),
    );
  }

  /** Whether a queue of this name exists. */
  hasQueue(name: string): boolean {
    return this.queues.has(name);
  }

  /** Traced: a producer span per send, each message carrying its creation context (`traceSend`). */
  send(queueName: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
    const maxMessageBytes = this.queues.get(queueName)?.config.maxMessageBytes;
    const limits =
      maxMessageBytes === undefined ? this.limits : { ...this.limits, maxMessageBytes };
    return traceSend(queueName, messages, { system: this.messagingSystem, limits }, (traced) =>
      this.sendUntraced(queueName, traced),
    );
  }

  private async sendUntraced(
    queueName: string,
    messages: readonly OutgoingMessage[],
  ): Promise<SendOutcome> {
    const queue = this.queue(queueName);
    const { config } = queue;
    const rules = {
      fifo: config.fifo,
      contentBasedDeduplication: config.contentBasedDeduplication,
      limits: { ...this.limits, maxMessageBytes: config.maxMessageBytes },
    };
    const ids = entryIds(messages.map((message, index) => message.id ?? String(index)));
    const now = this.clock.now();
    const sent: { id: string; messageId: string }[] = [];
    const failed: FailedEntry[] = [];
    let added = false;
    messages.forEach((message, index) => {
      const id = ids[index] as string;
      const problem = validateOutgoingMessage(message, rules);
      if (problem !== undefined) {
        failed.push({ id, ...problem, retryable: false });
        return;
      }
      const deduplicationId = config.fifo
        ? DeduplicationWindow.idOf(message.body, message.deduplicationId)
        : undefined;
      if (deduplicationId !== undefined) {
        const original = queue.deduplication.seen(deduplicationId, now);
        if (original !== undefined) {
          sent.push({ id, messageId: original });
          return;
        }
      }
      const stored: QueuedMessage = {
        key: this.nextSeq(),
        id: randomUUID(),
        body: message.body,
        ...copyAttributes(mergeMessageAttributes(message)),
        sentAt: now,
        groupId: message.groupId,
        deduplicationId,
        receiveCount: 0,
        receiptHandle: undefined,
        state: 'gone',
        visibleAt: now,
        seq: 0,
        heapIndex: -1,
        readyRefs: 0,
      };
      if (deduplicationId !== undefined)
        queue.deduplication.remember(deduplicationId, stored.id, now);
      queue.enqueue(stored, now + (message.delaySeconds ?? 0) * 1000, now);
      sent.push({ id, messageId: stored.id });
      added = true;
    });
    if (added) queue.polls.serve();
    return { sent, failed };
  }

  async receive(queueName: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const queue = this.queue(queueName);
    const {
      maxMessages,
      waitTimeSeconds: waitSeconds,
      visibilityTimeoutSeconds: visibilitySeconds,
    } = resolveReceiveOptions(options);
    const visibilityMs =
      visibilitySeconds === undefined ? queue.config.visibilityMs : visibilitySeconds * 1000;
    const { signal } = options;
    if (this.closed || signal?.aborted) return [];
    const messages = queue.deliver(maxMessages, visibilityMs);
    if (messages.length > 0 || waitSeconds === 0) return messages;
    return queue.polls.wait(maxMessages, visibilityMs, waitSeconds * 1000, signal);
  }

  async delete(queueName: string, receiptHandles: readonly string[]): Promise<BatchOutcome> {
    const queue = this.queue(queueName);
    const succeeded: string[] = [];
    const failed: FailedEntry[] = [];
    for (const handle of new Set(receiptHandles)) {
      const message = queue.byHandle(handle);
      if (message === undefined) {
        failed.push(invalidHandle(handle));
        continue;
      }
      queue.remove(message);
      succeeded.push(handle);
    }
    // Deleting the head of a FIFO group lets the next message of the group out.
    if (queue.config.fifo && succeeded.length > 0) queue.polls.serve();
    return { succeeded, failed };
  }

  async changeVisibility(
    queueName: string,
    changes: readonly VisibilityChange[],
  ): Promise<BatchOutcome> {
    const queue = this.queue(queueName);
    const now = this.clock.now();
    const succeeded: string[] = [];
    const failed: FailedEntry[] = [];
    let released = false;
    for (const { receiptHandle, timeoutSeconds } of changes) {
      const message = queue.byHandle(receiptHandle);
      if (message === undefined) {
        failed.push(invalidHandle(receiptHandle));
        continue;
      }
      if (!isWithin(timeoutSeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS)) {
        failed.push({
          id: receiptHandle,
          code: 'InvalidParameterValue',
          message: `VisibilityTimeout must be an integer from 0 to ${MAX_VISIBILITY_TIMEOUT_SECONDS}`,
          retryable: false,
        });
        continue;
      }
      queue.hideUntil(message, now + timeoutSeconds * 1000);
      if (timeoutSeconds === 0) released = true;
      succeeded.push(receiptHandle);
    }
    if (released) queue.polls.serve();
    return { succeeded, failed };
  }

  /**
   * Re-checks the pending long polls of every queue (for a manual clock that was moved
   * forward: timers cannot know about it).
   */
  poke(): void {
    for (const queue of this.queues.values()) queue.polls.serve();
  }

  /** How many messages `queue` holds in each state. */
  depth(queueName: string): QueueDepth {
    return this.queue(queueName).depth();
  }

  /** Every message of `queue`, in any state, without changing anything (O(n)). */
  peek(queueName: string): StoredMessage[] {
    return this.queue(queueName).peek();
  }

  /**
   * Removes and returns every message of `queue` (in any state), typically to assert on what
   * a dead-letter queue received: bodies, attributes and receive counts.
   */
  drain(queueName: string): StoredMessage[] {
    return this.queue(queueName).drain();
  }

  /**
   * Ends every pending long poll (they resolve with no messages) and stops all timers; later
   * receives resolve `[]` at once. Sends, deletes and the inspection helpers keep working.
   */
  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) queue.polls.close();
  }

  private queue(name: string): InMemoryQueue {
    const queue = this.queues.get(name);
    if (queue === undefined) {
      throw new InfrastructureError(`the queue ${name} does not exist`, {
        code: 'QUEUE_NOT_FOUND',
        context: { queue: name },
      });
    }
    return queue;
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

function invalidHandle(handle: string): FailedEntry {
  return {
    id: handle,
    code: 'ReceiptHandleIsInvalid',
    message: 'the receipt handle is not the latest delivery of a message in this queue',
    retryable: false,
  };
}

function entryIds(ids: readonly string[]): readonly string[] {
  if (new Set(ids).size !== ids.length) {
    throw new RangeError('the entries of one send need distinct ids');
  }
  return ids;
}
