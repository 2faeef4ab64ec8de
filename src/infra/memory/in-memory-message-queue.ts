import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, InfrastructureError } from '../../domain/errors.js';
import type {
  BatchOutcome,
  FailedEntry,
  MessageQueue,
  OutgoingMessage,
  ReceivedMessage,
  ReceiveOptions,
  SendOutcome,
  VisibilityChange,
} from '../../shared/messaging/message-queue.js';

/** How one in-memory queue behaves (the SQS queue attributes that matter to consumers). */
export interface InMemoryQueueOptions {
  /** How long a received message stays invisible; default 30 s (0–43,200). */
  readonly visibilityTimeoutSeconds?: number;
  /** FIFO queue; defaults to whether the name ends with `.fifo` (which SQS requires). */
  readonly fifo?: boolean;
  /** FIFO queues: deduplicate by the SHA-256 of the body when no deduplication id is given. */
  readonly contentBasedDeduplication?: boolean;
  /**
   * Redrive policy: a message about to be delivered for the (`maxReceiveCount` + 1)-th time
   * moves to `queue` instead. The dead-letter queue is created (same type) when missing.
   */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
  /** Largest message (body plus attribute names and values, UTF-8); default 1 MiB like SQS. */
  readonly maxMessageBytes?: number;
}

/** Options of {@link InMemoryMessageQueue}. */
export interface InMemoryMessageQueueOptions {
  /** Milliseconds since the epoch; default `Date.now`. Waits still use (unref'd) timers. */
  readonly clock?: { now(): number };
  /** Queues created up front, by name. */
  readonly queues?: Readonly<Record<string, InMemoryQueueOptions>>;
}

/** How many messages of a queue are in each state (SQS's approximate counts, exact here). */
export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly total: number;
}

/** A stored message as the inspection helpers show it. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Deliveries so far (kept when the message moves to a dead-letter queue, as SQS does). */
  readonly receiveCount: number;
  readonly sentAt: Date;
  readonly state: 'visible' | 'in_flight' | 'delayed';
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const MAX_DELAY_SECONDS = 900;
const MAX_WAIT_SECONDS = 20;
const MAX_BATCH = 10;
const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
/** The characters SQS accepts in a body (XML 1.0's): anything else is `InvalidMessageContents`. */
const INVALID_BODY_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

type State = 'ready' | 'in_flight' | 'delayed' | 'gone';

interface Message {
  /** Process-wide serial number: the key in `Queue.messages` and the start of receipt handles. */
  readonly key: number;
  readonly id: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly sentAt: number;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  receiveCount: number;
  receiptHandle: string | undefined;
  state: State;
  /** When a delayed or in-flight message becomes visible. */
  visibleAt: number;
  /** Tie-breaker of equal `visibleAt`s: scheduling order. */
  seq: number;
  /** Position in the queue's schedule heap; -1 when not scheduled. */
  heapIndex: number;
  /** Entries of this message in the ready list: only the last one is live. */
  readyRefs: number;
}

interface Group {
  readonly id: string;
  readonly messages: Deque<Message>;
  /** Its head is in flight: nothing else of the group is delivered. */
  busy: boolean;
  /** Present in `readyGroups` (maybe as a stale entry). */
  listed: boolean;
  removed: boolean;
}

interface Waiter {
  readonly maxMessages: number;
  readonly visibilityMs: number;
  readonly resolve: (messages: ReceivedMessage[]) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  cleanup: () => void;
}

interface Queue {
  readonly name: string;
  readonly fifo: boolean;
  readonly visibilityMs: number;
  readonly contentBasedDeduplication: boolean;
  readonly deadLetter: { readonly queue: string; readonly maxReceiveCount: number } | undefined;
  readonly maxMessageBytes: number;
  /** By `key`: numbers hash faster than the UUIDs (this map is the hot path). */
  readonly messages: Map<number, Message>;
  /** Standard queues: visible messages in arrival order. */
  readonly ready: Deque<Message>;
  /** FIFO queues: groups by id, and the groups whose head may be delivered. */
  readonly groups: Map<string, Group>;
  readonly readyGroups: Deque<Group>;
  /** Delayed and in-flight messages by the time they become visible. */
  readonly schedule: MinHeap;
  /** Deduplication ids in the order they were first seen (so also by expiry). */
  readonly dedup: Map<string, { readonly messageId: string; readonly expiresAt: number }>;
  readonly waiters: Deque<Waiter>;
  wakeTimer: ReturnType<typeof setTimeout> | undefined;
  wakeAt: number;
  inFlight: number;
  delayed: number;
}

/**
 * A `MessageQueue` in one process with SQS semantics and real state, for tests, demos and
 * benchmarks: a visibility timeout per delivery, a fresh receipt handle per delivery (only
 * the latest one deletes or changes visibility: an older one is a failed entry
 * `ReceiptHandleIsInvalid`), receive counts, redrive to a dead-letter queue after
 * `maxReceiveCount` deliveries, `delaySeconds`, long polling that wakes on the first
 * available message, FIFO groups (in order, at most one message of a group in flight) and
 * deduplication ids (5-minute window; a duplicate reports the original message id).
 * Entries SQS would refuse are failed entries with SQS's codes (`InvalidParameterValue`,
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
  private readonly queues = new Map<string, Queue>();
  private readonly clock: { now(): number };
  private seq = 0;
  private closed = false;

  constructor(options: InMemoryMessageQueueOptions = {}) {
    this.clock = options.clock ?? Date;
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
    const deadLetter = options.deadLetter;
    if (deadLetter !== undefined) {
      checkRange('deadLetter.maxReceiveCount', deadLetter.maxReceiveCount, 1, 1000);
      if (deadLetter.queue === name) throw new RangeError(`queue ${name} cannot be its own DLQ`);
    }
    const existing = this.queues.get(name);
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
      else if (dlq.fifo !== fifo) {
        throw new RangeError(`queue ${name}: its dead-letter queue must be of the same type`);
      }
    }
    this.queues.set(name, {
      name,
      fifo,
      visibilityMs: visibilitySeconds * 1000,
      contentBasedDeduplication: options.contentBasedDeduplication ?? false,
      deadLetter: deadLetter && {
        queue: deadLetter.queue,
        maxReceiveCount: deadLetter.maxReceiveCount,
      },
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      messages: new Map(),
      ready: new Deque(),
      groups: new Map(),
      readyGroups: new Deque(),
      schedule: new MinHeap(),
      dedup: new Map(),
      waiters: new Deque(),
      wakeTimer: undefined,
      wakeAt: Number.POSITIVE_INFINITY,
      inFlight: 0,
      delayed: 0,
    });
  }

  /** Whether a queue of this name exists. */
  hasQueue(name: string): boolean {
    return this.queues.has(name);
  }

  async send(queueName: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
    const queue = this.queue(queueName);
    const ids = entryIds(messages.map((message, index) => message.id ?? String(index)));
    const now = this.clock.now();
    const sent: { id: string; messageId: string }[] = [];
    const failed: FailedEntry[] = [];
    let added = false;
    messages.forEach((message, index) => {
      const id = ids[index] as string;
      const problem = this.validate(queue, message);
      if (problem !== undefined) {
        failed.push({ id, ...problem, retryable: false });
        return;
      }
      const deduplicationId = queue.fifo
        ? (message.deduplicationId ?? sha256(message.body))
        : undefined;
      if (deduplicationId !== undefined) {
        const original = this.seenDeduplicationId(queue, deduplicationId, now);
        if (original !== undefined) {
          sent.push({ id, messageId: original });
          return;
        }
      }
      const stored: Message = {
        key: this.nextSeq(),
        id: randomUUID(),
        body: message.body,
        attributes: Object.freeze({ ...message.attributes }),
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
      if (deduplicationId !== undefined) {
        queue.dedup.set(deduplicationId, {
          messageId: stored.id,
          expiresAt: now + DEDUPLICATION_WINDOW_MS,
        });
      }
      this.enqueue(queue, stored, now + (message.delaySeconds ?? 0) * 1000, now);
      sent.push({ id, messageId: stored.id });
      added = true;
    });
    if (added) this.serveWaiters(queue);
    return { sent, failed };
  }

  async receive(queueName: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const queue = this.queue(queueName);
    const maxMessages = options.maxMessages ?? MAX_BATCH;
    checkRange('maxMessages', maxMessages, 1, MAX_BATCH);
    const waitSeconds = options.waitTimeSeconds ?? 0;
    checkRange('waitTimeSeconds', waitSeconds, 0, MAX_WAIT_SECONDS);
    const visibilitySeconds = options.visibilityTimeoutSeconds;
    if (visibilitySeconds !== undefined) {
      checkRange('visibilityTimeoutSeconds', visibilitySeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    }
    const visibilityMs =
      visibilitySeconds === undefined ? queue.visibilityMs : visibilitySeconds * 1000;
    const { signal } = options;
    if (this.closed || signal?.aborted) return [];
    const messages = this.deliver(queue, maxMessages, visibilityMs);
    if (messages.length > 0 || waitSeconds === 0) return messages;
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
        queue.waiters.remove(waiter);
        waiter.resolve([]);
        this.armWakeTimer(queue);
      };
      waiter.timer = unrefTimer(onAbort, waitSeconds * 1000);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
      };
      queue.waiters.push(waiter);
      this.armWakeTimer(queue);
    });
  }

  async delete(queueName: string, receiptHandles: readonly string[]): Promise<BatchOutcome> {
    const queue = this.queue(queueName);
    const succeeded: string[] = [];
    const failed: FailedEntry[] = [];
    for (const handle of new Set(receiptHandles)) {
      const message = this.byHandle(queue, handle);
      if (message === undefined) {
        failed.push(invalidHandle(handle));
        continue;
      }
      this.remove(queue, message);
      succeeded.push(handle);
    }
    // Deleting the head of a FIFO group lets the next message of the group out.
    if (queue.fifo && succeeded.length > 0) this.serveWaiters(queue);
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
      const message = this.byHandle(queue, receiptHandle);
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
      // A handle stays valid until the next delivery, even once its timeout has expired.
      if (message.state === 'ready') this.unready(queue, message);
      if (message.state === 'in_flight') queue.inFlight -= 1;
      this.setInFlight(queue, message, now + timeoutSeconds * 1000);
      if (timeoutSeconds === 0) released = true;
      succeeded.push(receiptHandle);
    }
    if (released) this.serveWaiters(queue);
    return { succeeded, failed };
  }

  /**
   * Re-checks the pending long polls of every queue (for a manual clock that was moved
   * forward: timers cannot know about it).
   */
  poke(): void {
    for (const queue of this.queues.values()) this.serveWaiters(queue);
  }

  /** How many messages `queue` holds in each state. */
  depth(queueName: string): QueueDepth {
    const queue = this.queue(queueName);
    this.promoteDue(queue, this.clock.now());
    const total = queue.messages.size;
    return {
      visible: total - queue.inFlight - queue.delayed,
      inFlight: queue.inFlight,
      delayed: queue.delayed,
      total,
    };
  }

  /** Every message of `queue`, in any state, without changing anything (O(n)). */
  peek(queueName: string): StoredMessage[] {
    const queue = this.queue(queueName);
    this.promoteDue(queue, this.clock.now());
    return [...queue.messages.values()].map(view);
  }

  /**
   * Removes and returns every message of `queue` (in any state), typically to assert on what
   * a dead-letter queue received: bodies, attributes and receive counts.
   */
  drain(queueName: string): StoredMessage[] {
    const queue = this.queue(queueName);
    const drained = this.peek(queueName);
    for (const message of queue.messages.values()) message.state = 'gone';
    queue.messages.clear();
    queue.ready.clear();
    queue.groups.clear();
    queue.readyGroups.clear();
    queue.schedule.clear();
    queue.inFlight = 0;
    queue.delayed = 0;
    return drained;
  }

  /**
   * Ends every pending long poll (they resolve with no messages) and stops all timers; later
   * receives resolve `[]` at once. Sends, deletes and the inspection helpers keep working.
   */
  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) {
      clearTimeout(queue.wakeTimer);
      queue.wakeTimer = undefined;
      queue.wakeAt = Number.POSITIVE_INFINITY;
      for (let waiter = queue.waiters.shift(); waiter; waiter = queue.waiters.shift()) {
        waiter.resolve([]);
      }
    }
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (queue === undefined) {
      throw new InfrastructureError(`the queue ${name} does not exist`, {
        code: 'QUEUE_NOT_FOUND',
        context: { queue: name },
      });
    }
    return queue;
  }

  private validate(
    queue: Queue,
    message: OutgoingMessage,
  ): { code: string; message: string } | undefined {
    const { body, delaySeconds = 0 } = message;
    if (body.length === 0) {
      return { code: 'MissingParameter', message: 'the message body must not be empty' };
    }
    if (INVALID_BODY_CHARACTER.test(body)) {
      return {
        code: 'InvalidMessageContents',
        message: 'the message body contains characters outside the allowed set',
      };
    }
    let bytes = Buffer.byteLength(body, 'utf8');
    for (const [name, value] of Object.entries(message.attributes ?? {})) {
      bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
    }
    const attributeProblem = attributesProblem(message.attributes ?? {});
    if (attributeProblem !== undefined) {
      return { code: 'InvalidParameterValue', message: attributeProblem };
    }
    if (bytes > queue.maxMessageBytes) {
      return {
        code: 'InvalidParameterValue',
        message: `the message must be shorter than ${queue.maxMessageBytes} bytes`,
      };
    }
    if (!isWithin(delaySeconds, 0, MAX_DELAY_SECONDS)) {
      return {
        code: 'InvalidParameterValue',
        message: `DelaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}`,
      };
    }
    if (queue.fifo) {
      if (message.groupId === undefined || message.groupId.length === 0) {
        return { code: 'MissingParameter', message: 'FIFO queues need a MessageGroupId' };
      }
      if (message.deduplicationId === undefined && !queue.contentBasedDeduplication) {
        return {
          code: 'InvalidParameterValue',
          message:
            'the queue should either have ContentBasedDeduplication enabled or a MessageDeduplicationId provided',
        };
      }
      if (delaySeconds > 0) {
        return {
          code: 'InvalidParameterValue',
          message: 'DelaySeconds per message is not valid for FIFO queues',
        };
      }
    }
    return undefined;
  }

  private seenDeduplicationId(queue: Queue, id: string, now: number): string | undefined {
    for (const [key, seen] of queue.dedup) {
      if (seen.expiresAt > now) break;
      queue.dedup.delete(key);
    }
    return queue.dedup.get(id)?.messageId;
  }

  private byHandle(queue: Queue, handle: string): Message | undefined {
    const message = queue.messages.get(Number.parseInt(handle, 36));
    return message !== undefined && message.receiptHandle === handle ? message : undefined;
  }

  /** Adds a new (or dead-lettered) message: visible at `visibleAt`. */
  private enqueue(queue: Queue, message: Message, visibleAt: number, now: number): void {
    queue.messages.set(message.key, message);
    message.receiptHandle = undefined;
    if (queue.fifo) {
      const groupId = message.groupId ?? '';
      let group = queue.groups.get(groupId);
      if (group === undefined) {
        group = { id: groupId, messages: new Deque(), busy: false, listed: false, removed: false };
        queue.groups.set(groupId, group);
      }
      group.messages.push(message);
      this.makeReady(queue, message);
      return;
    }
    if (visibleAt > now) {
      message.state = 'delayed';
      queue.delayed += 1;
      this.schedule(queue, message, visibleAt);
    } else {
      this.makeReady(queue, message);
    }
  }

  private makeReady(queue: Queue, message: Message): void {
    queue.schedule.remove(message);
    message.state = 'ready';
    if (!queue.fifo) {
      message.readyRefs += 1;
      queue.ready.push(message);
      return;
    }
    const group = queue.groups.get(message.groupId ?? '');
    // Only a group's head is ever delivered; messages behind it just wait in the group.
    if (group === undefined || group.messages.peek() !== message) return;
    group.busy = false;
    if (!group.listed) {
      group.listed = true;
      queue.readyGroups.push(group);
    }
  }

  /** A visible message stops being visible (its ready entry goes stale). */
  private unready(queue: Queue, message: Message): void {
    message.state = 'gone';
    if (queue.fifo) {
      const group = queue.groups.get(message.groupId ?? '');
      if (group !== undefined) group.busy = true;
    }
  }

  private setInFlight(queue: Queue, message: Message, visibleAt: number): void {
    message.state = 'in_flight';
    queue.inFlight += 1;
    this.schedule(queue, message, visibleAt);
    if (queue.fifo) {
      const group = queue.groups.get(message.groupId ?? '');
      if (group !== undefined) group.busy = true;
    }
  }

  /** Takes a message out of `queue` for good (deleted or dead-lettered). */
  private remove(queue: Queue, message: Message): void {
    if (message.state === 'in_flight') queue.inFlight -= 1;
    else if (message.state === 'delayed') queue.delayed -= 1;
    message.state = 'gone';
    message.receiptHandle = undefined;
    queue.schedule.remove(message);
    queue.messages.delete(message.key);
    if (!queue.fifo) return;
    const group = queue.groups.get(message.groupId ?? '');
    if (group === undefined || group.messages.peek() !== message) return;
    group.messages.shift();
    group.busy = false;
    if (group.messages.length === 0) {
      group.removed = true;
      queue.groups.delete(group.id);
    } else if (!group.listed) {
      group.listed = true;
      queue.readyGroups.push(group);
    }
  }

  /** Makes every delayed or in-flight message whose time has come visible. */
  private promoteDue(queue: Queue, now: number): void {
    for (
      let top = queue.schedule.peek();
      top && top.visibleAt <= now;
      top = queue.schedule.peek()
    ) {
      queue.schedule.remove(top);
      if (top.state === 'in_flight') queue.inFlight -= 1;
      else if (top.state === 'delayed') queue.delayed -= 1;
      this.makeReady(queue, top);
    }
  }

  private nextVisible(queue: Queue): Message | undefined {
    if (!queue.fifo) {
      for (let message = queue.ready.shift(); message; message = queue.ready.shift()) {
        message.readyRefs -= 1;
        if (message.readyRefs === 0 && message.state === 'ready') return message;
      }
      return undefined;
    }
    for (let group = queue.readyGroups.shift(); group; group = queue.readyGroups.shift()) {
      group.listed = false;
      if (group.removed || group.busy) continue;
      const head = group.messages.peek();
      if (head?.state === 'ready') return head;
    }
    return undefined;
  }

  private deliver(queue: Queue, maxMessages: number, visibilityMs: number): ReceivedMessage[] {
    const now = this.clock.now();
    this.promoteDue(queue, now);
    const received: ReceivedMessage[] = [];
    while (received.length < maxMessages) {
      const message = this.nextVisible(queue);
      if (message === undefined) break;
      const { deadLetter } = queue;
      if (deadLetter !== undefined && message.receiveCount >= deadLetter.maxReceiveCount) {
        this.moveToDeadLetter(queue, message, now);
        continue;
      }
      message.receiveCount += 1;
      message.receiptHandle = `${message.key.toString(36)}#${message.receiveCount}#${this.nextSeq().toString(36)}`;
      this.setInFlight(queue, message, now + visibilityMs);
      const delivery: { -readonly [K in keyof ReceivedMessage]: ReceivedMessage[K] } = {
        messageId: message.id,
        receiptHandle: message.receiptHandle,
        body: message.body,
        receiveCount: message.receiveCount,
        sentAt: new Date(message.sentAt),
        attributes: message.attributes,
      };
      if (message.groupId !== undefined) delivery.groupId = message.groupId;
      received.push(delivery);
    }
    return received;
  }

  private moveToDeadLetter(queue: Queue, message: Message, now: number): void {
    // The message was just taken off the ready list: `remove` must not count it as visible.
    this.remove(queue, message);
    const dlq = queue.deadLetter && this.queues.get(queue.deadLetter.queue);
    if (dlq === undefined) return;
    const moved: Message = {
      ...message,
      state: 'gone',
      receiptHandle: undefined,
      heapIndex: -1,
      readyRefs: 0,
    };
    this.enqueue(dlq, moved, now, now);
    if (dlq.waiters.length > 0) queueMicrotask(() => this.serveWaiters(dlq));
  }

  /** Hands visible messages to pending long polls, oldest first; re-arms the wake-up timer. */
  private serveWaiters(queue: Queue): void {
    if (queue.waiters.length === 0) return;
    for (let waiter = queue.waiters.peek(); waiter; waiter = queue.waiters.peek()) {
      const messages = this.deliver(queue, waiter.maxMessages, waiter.visibilityMs);
      if (messages.length === 0) break;
      queue.waiters.shift();
      waiter.resolve(messages);
    }
    this.armWakeTimer(queue);
  }

  /** While long polls wait, wakes up when the next delayed or in-flight message is due. */
  private armWakeTimer(queue: Queue): void {
    const next = queue.waiters.length === 0 ? undefined : queue.schedule.peek();
    if (next === undefined) {
      clearTimeout(queue.wakeTimer);
      queue.wakeTimer = undefined;
      queue.wakeAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (queue.wakeTimer !== undefined && queue.wakeAt <= next.visibleAt) return;
    clearTimeout(queue.wakeTimer);
    queue.wakeAt = next.visibleAt;
    queue.wakeTimer = unrefTimer(
      () => {
        queue.wakeTimer = undefined;
        queue.wakeAt = Number.POSITIVE_INFINITY;
        this.serveWaiters(queue);
      },
      Math.max(1, next.visibleAt - this.clock.now()),
    );
  }

  private schedule(queue: Queue, message: Message, visibleAt: number): void {
    queue.schedule.remove(message);
    message.visibleAt = visibleAt;
    message.seq = this.nextSeq();
    queue.schedule.push(message);
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

function view(message: Message): StoredMessage {
  return {
    messageId: message.id,
    body: message.body,
    attributes: message.attributes,
    receiveCount: message.receiveCount,
    sentAt: new Date(message.sentAt),
    state:
      message.state === 'in_flight'
        ? 'in_flight'
        : message.state === 'delayed'
          ? 'delayed'
          : 'visible',
    ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
    ...(message.deduplicationId === undefined ? {} : { deduplicationId: message.deduplicationId }),
  };
}

const MAX_ATTRIBUTES = 10;
const ATTRIBUTE_NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i;

/** SQS's rules for message attributes: at most 10, valid names, non-empty values. */
function attributesProblem(attributes: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) {
    return `a message carries at most ${MAX_ATTRIBUTES} attributes`;
  }
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) return `the attribute name ${JSON.stringify(name)} is invalid`;
    if (value.length === 0) return `the attribute ${name} must have a non-empty value`;
    if (INVALID_BODY_CHARACTER.test(value)) return `the attribute ${name} has invalid characters`;
  }
  return undefined;
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

function sha256(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

function isWithin(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!isWithin(value, min, max)) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function unrefTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return timer;
}

/** A growable ring buffer: O(1) push, shift and peek (no `Array.shift` on long queues). */
class Deque<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) % this.items.length] = item;
    this.size += 1;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.size -= 1;
    return item;
  }

  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** O(n); only for the rare abort of a long poll. */
  remove(item: T): void {
    const kept: T[] = [];
    for (let next = this.shift(); next !== undefined; next = this.shift()) {
      if (next !== item) kept.push(next);
    }
    for (const next of kept) this.push(next);
  }

  clear(): void {
    this.items = new Array(16);
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const items: (T | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.size; i += 1)
      items[i] = this.items[(this.head + i) % this.items.length];
    this.items = items;
    this.head = 0;
  }
}

/**
 * A binary min-heap of messages by `visibleAt`, then `seq`. Each message knows its index, so a
 * delete or visibility change takes it out in O(log n) instead of leaving a stale entry that
 * would keep the message in memory until its time came.
 */
class MinHeap {
  private readonly items: Message[] = [];

  peek(): Message | undefined {
    return this.items[0];
  }

  push(message: Message): void {
    message.heapIndex = this.items.length;
    this.items.push(message);
    this.up(message.heapIndex);
  }

  /** Takes `message` out; does nothing when it is not in the heap. */
  remove(message: Message): void {
    const index = message.heapIndex;
    if (index < 0) return;
    message.heapIndex = -1;
    const last = this.items.pop() as Message;
    if (last === message) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.down(index);
    this.up(last.heapIndex);
  }

  clear(): void {
    for (const message of this.items) message.heapIndex = -1;
    this.items.length = 0;
  }

  private up(start: number): void {
    const { items } = this;
    const message = items[start] as Message;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent] as Message;
      if (!before(message, above)) break;
      items[i] = above;
      above.heapIndex = i;
      i = parent;
    }
    items[i] = message;
    message.heapIndex = i;
  }

  private down(start: number): void {
    const { items } = this;
    const message = items[start] as Message;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && before(items[right] as Message, items[left] as Message)
          ? right
          : left;
      const below = items[child] as Message;
      if (!before(below, message)) break;
      items[i] = below;
      below.heapIndex = i;
      i = child;
    }
    items[i] = message;
    message.heapIndex = i;
  }
}

function before(a: Message, b: Message): boolean {
  return a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.seq < b.seq);
}
