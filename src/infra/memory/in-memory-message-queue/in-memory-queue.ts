import type { ReceivedMessage } from '../../../shared/messaging/message-queue.js';
import { handOutTypedAttributes } from './copy-attributes.js';
import { DeduplicationWindow } from './deduplication-window.js';
import { Deque } from './deque.js';
import { FifoGroups } from './fifo-groups.js';
import { LongPolls } from './long-polls.js';
import type { QueuedMessage } from './queued-message.js';
import { type QueueDepth, type StoredMessage, toStoredMessage } from './stored-message.js';
import { VisibilitySchedule } from './visibility-schedule.js';

/** The settings of one in-memory queue, resolved from its options. */
export interface InMemoryQueueConfig {
  readonly name: string;
  readonly fifo: boolean;
  readonly visibilityMs: number;
  readonly contentBasedDeduplication: boolean;
  readonly deadLetter: { readonly queue: string; readonly maxReceiveCount: number } | undefined;
  readonly maxMessageBytes: number;
}

/** What a queue shares with the others of its `InMemoryMessageQueue`. */
export interface InMemoryQueueContext {
  readonly clock: { now(): number };
  /** Process-wide serial numbers (message keys, scheduling order, receipt handles). */
  nextSeq(): number;
  /** The queue a message goes to after `maxReceiveCount` deliveries. */
  deadLetterQueue(name: string): InMemoryQueue | undefined;
}

/**
 * One queue of an `InMemoryMessageQueue`: its messages and where each one is (visible,
 * delayed, in flight), visibility timeouts and redelivery, FIFO groups, deduplication ids,
 * redrive to its dead-letter queue, and its pending long polls. Every operation is O(log n).
 *
 * @example
 * ```ts
 * const queue = new InMemoryQueue(config, context);
 * queue.enqueue(message, now + delayMs, now);
 * const received = queue.deliver(10, queue.config.visibilityMs);
 * ```
 */
export class InMemoryQueue {
  /** By `key`: numbers hash faster than the UUIDs (this map is the hot path). */
  readonly messages = new Map<number, QueuedMessage>();
  readonly deduplication = new DeduplicationWindow();
  readonly polls: LongPolls;
  /** Standard queues: visible messages in arrival order. */
  private readonly ready = new Deque<QueuedMessage>();
  /** FIFO queues: the message groups. */
  private readonly groups = new FifoGroups();
  /** Delayed and in-flight messages by the time they become visible. */
  private readonly schedule = new VisibilitySchedule<QueuedMessage>();
  private inFlight = 0;
  private delayed = 0;

  constructor(
    readonly config: InMemoryQueueConfig,
    private readonly context: InMemoryQueueContext,
  ) {
    this.polls = new LongPolls({
      now: () => context.clock.now(),
      deliver: (maxMessages, visibilityMs) => this.deliver(maxMessages, visibilityMs),
      nextDueAt: () => this.schedule.peek()?.visibleAt,
    });
  }

  /** Adds a new (or dead-lettered) message: visible at `visibleAt`. */
  enqueue(message: QueuedMessage, visibleAt: number, now: number): void {
    this.messages.set(message.key, message);
    message.receiptHandle = undefined;
    if (this.config.fifo) {
      this.groups.add(message);
      this.makeReady(message);
      return;
    }
    if (visibleAt > now) {
      message.state = 'delayed';
      this.delayed += 1;
      this.scheduleAt(message, visibleAt);
    } else {
      this.makeReady(message);
    }
  }

  /** The message whose latest delivery `handle` is, if it is still in this queue. */
  byHandle(handle: string): QueuedMessage | undefined {
    const message = this.messages.get(Number.parseInt(handle, 36));
    return message !== undefined && message.receiptHandle === handle ? message : undefined;
  }

  /** Hides a delivered message until `visibleAt` (a visibility change). */
  hideUntil(message: QueuedMessage, visibleAt: number): void {
    // A handle stays valid until the next delivery, even once its timeout has expired.
    if (message.state === 'ready') this.unready(message);
    if (message.state === 'in_flight') this.inFlight -= 1;
    this.setInFlight(message, visibleAt);
  }

  /** Takes a message out of this queue for good (deleted or dead-lettered). */
  remove(message: QueuedMessage): void {
    if (message.state === 'in_flight') this.inFlight -= 1;
    else if (message.state === 'delayed') this.delayed -= 1;
    message.state = 'gone';
    message.receiptHandle = undefined;
    this.schedule.remove(message);
    this.messages.delete(message.key);
    if (this.config.fifo) this.groups.remove(message);
  }

  /**
   * Delivers up to `maxMessages` visible messages, in flight for `visibilityMs`; a message
   * that had its `maxReceiveCount` deliveries moves to the dead-letter queue instead.
   */
  deliver(maxMessages: number, visibilityMs: number): ReceivedMessage[] {
    const now = this.context.clock.now();
    this.promoteDue(now);
    const received: ReceivedMessage[] = [];
    while (received.length < maxMessages) {
      const message = this.nextVisible();
      if (message === undefined) break;
      const { deadLetter } = this.config;
      if (deadLetter !== undefined && message.receiveCount >= deadLetter.maxReceiveCount) {
        this.moveToDeadLetter(message, now);
        continue;
      }
      message.receiveCount += 1;
      message.receiptHandle = `${message.key.toString(36)}#${message.receiveCount}#${this.context.nextSeq().toString(36)}`;
      this.setInFlight(message, now + visibilityMs);
      const delivery: { -readonly [K in keyof ReceivedMessage]: ReceivedMessage[K] } = {
        messageId: message.id,
        receiptHandle: message.receiptHandle,
        body: message.body,
        receiveCount: message.receiveCount,
        sentAt: new Date(message.sentAt),
        attributes: message.attributes,
        typedAttributes: handOutTypedAttributes(message.typedAttributes),
      };
      if (message.groupId !== undefined) delivery.groupId = message.groupId;
      received.push(delivery);
    }
    return received;
  }

  /** How many messages are in each state. */
  depth(): QueueDepth {
    this.promoteDue(this.context.clock.now());
    const total = this.messages.size;
    return {
      visible: total - this.inFlight - this.delayed,
      inFlight: this.inFlight,
      delayed: this.delayed,
      total,
    };
  }

  /** Every message, in any state, without changing anything (O(n)). */
  peek(): StoredMessage[] {
    this.promoteDue(this.context.clock.now());
    return [...this.messages.values()].map(toStoredMessage);
  }

  /** Removes and returns every message, in any state. */
  drain(): StoredMessage[] {
    const drained = this.peek();
    for (const message of this.messages.values()) message.state = 'gone';
    this.messages.clear();
    this.ready.clear();
    this.groups.clear();
    this.schedule.clear();
    this.inFlight = 0;
    this.delayed = 0;
    return drained;
  }

  private makeReady(message: QueuedMessage): void {
    this.schedule.remove(message);
    message.state = 'ready';
    if (this.config.fifo) {
      this.groups.release(message);
      return;
    }
    message.readyRefs += 1;
    this.ready.push(message);
  }

  /** A visible message stops being visible (its ready entry goes stale). */
  private unready(message: QueuedMessage): void {
    message.state = 'gone';
    if (this.config.fifo) this.groups.hold(message);
  }

  private setInFlight(message: QueuedMessage, visibleAt: number): void {
    message.state = 'in_flight';
    this.inFlight += 1;
    this.scheduleAt(message, visibleAt);
    if (this.config.fifo) this.groups.hold(message);
  }

  /** Makes every delayed or in-flight message whose time has come visible. */
  private promoteDue(now: number): void {
    for (let top = this.schedule.peek(); top && top.visibleAt <= now; top = this.schedule.peek()) {
      this.schedule.remove(top);
      if (top.state === 'in_flight') this.inFlight -= 1;
      else if (top.state === 'delayed') this.delayed -= 1;
      this.makeReady(top);
    }
  }

  private nextVisible(): QueuedMessage | undefined {
    if (this.config.fifo) return this.groups.next();
    for (let message = this.ready.shift(); message; message = this.ready.shift()) {
      message.readyRefs -= 1;
      if (message.readyRefs === 0 && message.state === 'ready') return message;
    }
    return undefined;
  }

  private moveToDeadLetter(message: QueuedMessage, now: number): void {
    // The message was just taken off the ready list: `remove` must not count it as visible.
    this.remove(message);
    const name = this.config.deadLetter?.queue;
    const dlq = name === undefined ? undefined : this.context.deadLetterQueue(name);
    if (dlq === undefined) return;
    const moved: QueuedMessage = {
      ...message,
      state: 'gone',
      receiptHandle: undefined,
      heapIndex: -1,
      readyRefs: 0,
    };
    dlq.enqueue(moved, now, now);
    if (dlq.polls.length > 0) queueMicrotask(() => dlq.polls.serve());
  }

  private scheduleAt(message: QueuedMessage, visibleAt: number): void {
    this.schedule.remove(message);
    message.visibleAt = visibleAt;
    message.seq = this.context.nextSeq();
    this.schedule.push(message);
  }
}
