import { randomUUID } from 'node:crypto';
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
} from '../../../shared/messaging/message-queue.js';
import { resolveReceiveOptions } from '../../../shared/messaging/resolve-receive-options.js';
import { SQS_MESSAGE_LIMITS } from '../../../shared/messaging/sqs-message-limits.js';
import { traceSend } from '../../../shared/messaging/trace-send.js';
import { checkRange, isWithin } from '../../memory/in-memory-message-queue/check-range.js';
import { validateOutgoingMessage } from '../../memory/in-memory-message-queue/validate-outgoing-message.js';
import type { RedisClient } from '../redis-client.js';
import { RedisError } from '../redis-error.js';
import { translateRedisError } from '../translate-redis-error.js';
import { chunkSendEntries } from './chunk-send-entries.js';
import { decodeQueueEntry, type RedisQueueEntry } from './decode-queue-entry.js';
import { encodeMessageAttributes } from './encode-message-attributes.js';
import {
  type EnsuredRedisQueue,
  type EnsureRedisQueueOptions,
  ensureRedisQueue,
} from './ensure-redis-queue.js';
import { invalidReceiptHandle } from './invalid-receipt-handle.js';
import { LongPollConnections } from './long-poll-connections.js';
import { parseReceiptHandle } from './parse-receipt-handle.js';
import { type RedisQueueDepth, readRedisQueueDepth } from './read-redis-queue-depth.js';
import { type RedisQueueKeys, redisQueueKeys } from './redis-queue-keys.js';
import { redisQueueScript } from './redis-queue-script.js';
import { toReceivedMessage, type WireMessage } from './to-received-message.js';

/** Options of {@link RedisMessageQueue}. */
export interface RedisMessageQueueOptions {
  /** Prefix of every key (inside the hash tag `{<prefix>q:<name>}`); default `baltra:`. */
  readonly keyPrefix?: string;
  /** Visibility timeout of the queues `createQueue` makes without one; default 30 s. */
  readonly visibilityTimeoutSeconds?: number;
  /** Per-message limits; default SQS's (10 attributes, 262,144 bytes), so messages stay portable. */
  readonly limits?: Partial<MessageQueueLimits>;
  /** Idle blocking connections kept for long polls; default 16. */
  readonly maxIdleBlockingConnections?: number;
  /**
   * The longest a long poll blocks before it looks at the queue again; default 2,000 ms. Sends,
   * deletes that free a FIFO group and visibility changes to 0 wake it at once; this bounds how
   * late it notices a message of another consumer whose visibility timeout ended.
   */
  readonly maxBlockMs?: number;
}

/** Options of {@link RedisMessageQueue.createQueue}: {@link EnsureRedisQueueOptions} but the prefix. */
export type RedisQueueOptions = Omit<EnsureRedisQueueOptions, 'keyPrefix'>;

type ReceiveReply = [0] | [1, WireMessage[], number, string, string];

const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const MIN_BLOCK_MS = 5;

/**
 * The `MessageQueue` port on Redis Streams (ioredis 6; Redis ≥ 6.2), with SQS semantics: one
 * stream per queue read through the consumer group `baltra`, a visibility timeout per delivery
 * (an in-flight sorted set scored by server time: expired entries are redelivered with XCLAIM,
 * whose delivery counter is `receiveCount`), receipt handles `<entry id>:<delivery count>` (a
 * later delivery makes an older handle a failed entry `ReceiptHandleIsInvalid`), `delaySeconds`
 * (a sorted set moved into the stream when due), redrive to a dead-letter queue after
 * `maxReceiveCount` deliveries (the copy keeps body, attributes and message id, with a record in
 * its field `d`), FIFO queues (`*.fifo`: one message of a group in flight, in order; 5-minute
 * deduplication ids) and long polls that block on a connection of their own. Every operation is
 * one Lua script (one round trip; a send of any size too), always on the server's clock.
 *
 * Queues are created with {@link RedisMessageQueue.createQueue} (or `ensureRedisQueue`); an
 * unknown queue is a `RedisError` code `QUEUE_NOT_FOUND`. Entries over `limits` or that SQS
 * would refuse are failed entries with SQS's codes, as on the other adapters. Connection
 * failures are `RedisError` `REDIS_UNAVAILABLE` (retryable). A stream entry that is no message
 * (no body field, unreadable attributes) goes to the dead-letter queue with reason
 * `malformed_entry` instead of failing receives. Nothing is lost across a restart when the
 * server persists every write (AOF with `appendfsync always`); see ADR 0020.
 *
 * @example
 * ```ts
 * const redis = await createRedisClient({ url: 'redis://127.0.0.1:6379' });
 * const queue = new RedisMessageQueue(redis);
 * await queue.createQueue('leads', { deadLetter: { queue: 'leads-dlq', maxReceiveCount: 5 } });
 * await queue.send('leads', [{ body: JSON.stringify(action) }]);
 * const [message] = await queue.receive('leads', { waitTimeSeconds: 20 });
 * if (message) await queue.delete('leads', [message.receiptHandle]);
 * queue.close(); // the blocking connections; the client is yours
 * ```
 */
export class RedisMessageQueue implements MessageQueue {
  /** 10 attributes and 262,144 bytes per message unless the options say otherwise. */
  readonly limits: MessageQueueLimits;
  /** `messaging.system` of its spans (no registered value for Redis Streams yet). */
  readonly messagingSystem = 'redis';
  readonly keyPrefix: string;
  private readonly visibilityTimeoutSeconds: number;
  private readonly maxBlockMs: number;
  private readonly polls: LongPollConnections;
  private readonly keyCache = new Map<string, RedisQueueKeys>();
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    options: RedisMessageQueueOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'baltra:';
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
    checkRange(
      'visibilityTimeoutSeconds',
      this.visibilityTimeoutSeconds,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
    );
    const limits = { ...SQS_MESSAGE_LIMITS, ...options.limits };
    checkRange('limits.maxAttributes', limits.maxAttributes, 0, 1000);
    checkRange('limits.maxMessageBytes', limits.maxMessageBytes, 1, 512 * 1024 * 1024);
    this.limits = Object.freeze(limits);
    this.maxBlockMs = options.maxBlockMs ?? 2_000;
    checkRange('maxBlockMs', this.maxBlockMs, MIN_BLOCK_MS, MAX_WAIT_SECONDS * 1000);
    this.polls = new LongPollConnections(client, {
      ...(options.maxIdleBlockingConnections === undefined
        ? {}
        : { maxIdle: options.maxIdleBlockingConnections }),
    });
  }

  /**
   * Creates a queue and its dead-letter queue, or brings the existing one's attributes in line
   * (see `ensureRedisQueue`; the visibility timeout defaults to this queue's option).
   */
  createQueue(name: string, options: RedisQueueOptions = {}): Promise<EnsuredRedisQueue> {
    return ensureRedisQueue(this.client, name, {
      visibilityTimeoutSeconds: this.visibilityTimeoutSeconds,
      ...options,
      keyPrefix: this.keyPrefix,
    });
  }

  /** Traced: a producer span per send, each message carrying its creation context (`traceSend`). */
  send(queue: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
    return traceSend(
      queue,
      messages,
      { system: this.messagingSystem, limits: this.limits },
      (traced) => this.sendUntraced(queue, traced),
    );
  }

  private async sendUntraced(
    queue: string,
    messages: readonly OutgoingMessage[],
  ): Promise<SendOutcome> {
    const ids = messages.map((message, index) => message.id ?? String(index));
    if (new Set(ids).size !== ids.length) {
      throw new RangeError('the entries of one send need distinct ids');
    }
    const rules = {
      fifo: queue.endsWith('.fifo'),
      // Whether the queue deduplicates by content is the script's to check.
      contentBasedDeduplication: true,
      limits: this.limits,
    };
    const failed: FailedEntry[] = [];
    const accepted: { id: string; args: string[] }[] = [];
    messages.forEach((message, index) => {
      const id = ids[index] as string;
      const problem = validateOutgoingMessage(message, rules);
      if (problem !== undefined) failed.push({ id, ...problem, retryable: false });
      else accepted.push({ id, args: sendArguments(message) });
    });
    if (accepted.length === 0) return { sent: [], failed };
    const keys = this.keys(queue);
    const replies = await Promise.all(
      chunkSendEntries(accepted).map((chunk) =>
        redisQueueScript('send').run<[0] | [1, string[]]>(
          this.client,
          [keys.meta, keys.stream, keys.delayed, keys.delayedPayloads, keys.wake],
          [String(chunk.length), ...chunk.flatMap((entry) => entry.args)],
        ),
      ),
    );
    const messageIds = replies.flatMap((reply) => {
      if (reply[0] === 0) throw queueNotFound(queue);
      return reply[1];
    });
    const sent: { id: string; messageId: string }[] = [];
    accepted.forEach(({ id }, index) => {
      const messageId = messageIds[index] ?? '';
      if (messageId !== '') sent.push({ id, messageId });
      else failed.push(missingDeduplicationId(id));
    });
    return { sent, failed };
  }

  async receive(queue: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const {
      maxMessages,
      waitTimeSeconds: waitSeconds,
      visibilityTimeoutSeconds: visibility,
      signal,
    } = resolveReceiveOptions(options);
    if (this.closed || signal?.aborted) return [];
    const keys = this.keys(queue);
    const args = [
      String(maxMessages),
      visibility === undefined ? '' : String(visibility * 1000),
      this.keyPrefix,
      waitSeconds > 0 ? '1' : '0',
    ];
    const deadline = performance.now() + waitSeconds * 1000;
    for (;;) {
      const reply = await redisQueueScript('receive').run<ReceiveReply>(
        this.client,
        [
          keys.meta,
          keys.stream,
          keys.inFlight,
          keys.delayed,
          keys.delayedPayloads,
          keys.wake,
          keys.busyGroups,
          keys.groupHeads,
        ],
        args,
      );
      if (reply[0] === 0) throw queueNotFound(queue);
      const [, wire, nextDueMs, streamLast, wakeLast] = reply;
      if (wire.length > 0 || waitSeconds === 0) return wire.map(toReceivedMessage);
      if (this.closed || signal?.aborted) return [];
      const remaining = deadline - performance.now();
      if (remaining <= 0) return [];
      const due = nextDueMs < 0 ? Number.POSITIVE_INFINITY : nextDueMs + 1;
      const blockMs = Math.max(MIN_BLOCK_MS, Math.min(remaining, due, this.maxBlockMs));
      const outcome = await this.polls.wait(
        [keys.stream, keys.wake],
        [streamLast, wakeLast],
        blockMs,
        signal,
      );
      if (outcome === 'aborted') return [];
    }
  }

  async delete(queue: string, receiptHandles: readonly string[]): Promise<BatchOutcome> {
    const handles = [...new Set(receiptHandles)];
    if (handles.length === 0) return { succeeded: [], failed: [] };
    const keys = this.keys(queue);
    return this.byHandle(
      queue,
      'delete',
      [keys.meta, keys.stream, keys.inFlight, keys.wake, keys.busyGroups, keys.groupHeads],
      handles.map((handle) => ({ handle, extra: [] })),
    );
  }

  async changeVisibility(
    queue: string,
    changes: readonly VisibilityChange[],
  ): Promise<BatchOutcome> {
    // One change per handle: the last one wins.
    const byHandle = new Map(changes.map((change) => [change.receiptHandle, change]));
    if (byHandle.size === 0) return { succeeded: [], failed: [] };
    const refused: FailedEntry[] = [];
    const valid: { handle: string; extra: string[] }[] = [];
    for (const { receiptHandle, timeoutSeconds } of byHandle.values()) {
      if (isWithin(timeoutSeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS)) {
        valid.push({ handle: receiptHandle, extra: [String(timeoutSeconds)] });
      } else {
        refused.push({
          id: receiptHandle,
          code: 'InvalidParameterValue',
          message: `VisibilityTimeout must be an integer from 0 to ${MAX_VISIBILITY_TIMEOUT_SECONDS}`,
          retryable: false,
        });
      }
    }
    const keys = this.keys(queue);
    const outcome = await this.byHandle(
      queue,
      'changeVisibility',
      [keys.meta, keys.stream, keys.inFlight, keys.wake],
      valid,
    );
    return { succeeded: outcome.succeeded, failed: [...refused, ...outcome.failed] };
  }

  /**
   * The first `count` entries of a queue's stream, oldest first, without changing anything:
   * messages visible, in flight or parked behind their FIFO group (not those still delayed),
   * with the dead-letter record of entries moved to a dead-letter queue. For tests and
   * operations.
   */
  async peek(queue: string, count = 100): Promise<RedisQueueEntry[]> {
    const keys = this.keys(queue);
    let exists: number;
    let entries: [string, string[]][];
    try {
      [exists, entries] = await Promise.all([
        this.client.exists(keys.meta),
        this.client.xrange(keys.stream, '-', '+', 'COUNT', count),
      ]);
    } catch (error) {
      throw translateRedisError(error, 'XRANGE', keys.stream);
    }
    if (exists === 0) throw queueNotFound(queue);
    return entries.map(([entryId, fields]) => decodeQueueEntry(entryId, fields));
  }

  /**
   * How many messages the queue holds — visible, in flight, delayed — read in one `MULTI`
   * (for dashboards, autoscaling and tests). Unknown queue: `RedisError` `QUEUE_NOT_FOUND`.
   */
  async depth(queue: string): Promise<RedisQueueDepth> {
    const depth = await readRedisQueueDepth(this.client, this.keys(queue));
    if (depth === null) throw queueNotFound(queue);
    return depth;
  }

  /**
   * Ends pending long polls (they resolve `[]`) and closes the blocking connections; later
   * receives resolve `[]` at once. The Redis client is the caller's to close.
   */
  close(): void {
    this.closed = true;
    this.polls.close();
  }

  /** Runs delete or changeVisibility for receipt handles; unreadable ones never reach Redis. */
  private async byHandle(
    queue: string,
    script: 'delete' | 'changeVisibility',
    keys: readonly string[],
    entries: readonly { handle: string; extra: readonly string[] }[],
  ): Promise<BatchOutcome> {
    const failed: FailedEntry[] = [];
    const sent: string[] = [];
    const args: string[] = [];
    for (const { handle, extra } of entries) {
      const receipt = parseReceiptHandle(handle);
      if (receipt === undefined) {
        failed.push(invalidReceiptHandle(handle));
        continue;
      }
      sent.push(handle);
      args.push(receipt.entryId, String(receipt.deliveries), ...extra);
    }
    const reply = await redisQueueScript(script).run<[0] | [1, number[]]>(this.client, keys, args);
    if (reply[0] === 0) throw queueNotFound(queue);
    const succeeded: string[] = [];
    sent.forEach((handle, index) => {
      if (reply[1][index] === 1) succeeded.push(handle);
      else failed.push(invalidReceiptHandle(handle));
    });
    return { succeeded, failed };
  }

  private keys(queue: string): RedisQueueKeys {
    let keys = this.keyCache.get(queue);
    if (keys === undefined) {
      keys = redisQueueKeys(this.keyPrefix, queue);
      if (this.keyCache.size > 1_000) this.keyCache.clear();
      this.keyCache.set(queue, keys);
    }
    return keys;
  }
}

function sendArguments(message: OutgoingMessage): string[] {
  return [
    randomUUID(),
    message.body,
    encodeMessageAttributes(message),
    message.groupId ?? '',
    message.deduplicationId ?? '',
    String(message.delaySeconds ?? 0),
  ];
}

function queueNotFound(queue: string): RedisError {
  return new RedisError('QUEUE_NOT_FOUND', `the queue ${queue} does not exist`, {
    context: { queue },
  });
}

function missingDeduplicationId(id: string): FailedEntry {
  return {
    id,
    code: 'InvalidParameterValue',
    message:
      'the queue should either have ContentBasedDeduplication enabled or a MessageDeduplicationId provided',
    retryable: false,
  };
}
