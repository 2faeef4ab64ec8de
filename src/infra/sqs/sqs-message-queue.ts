import type {
  ChangeMessageVisibilityBatchResult,
  DeleteMessageBatchResult,
  GetQueueUrlResult,
  ReceiveMessageResult,
  SendMessageBatchResult,
} from '@aws-sdk/client-sqs';
import { messageBytes } from '../../shared/messaging/message-bytes.js';
import { messageLimitViolation } from '../../shared/messaging/message-limit-violation.js';
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
import {
  type ResolvedReceiveOptions,
  resolveReceiveOptions,
} from '../../shared/messaging/resolve-receive-options.js';
import { SQS_MESSAGE_LIMITS } from '../../shared/messaging/sqs-message-limits.js';
import { traceSend } from '../../shared/messaging/trace-send.js';
import type { AwsClientConfig } from '../aws/aws-client-config.js';
import { chunkSqsEntries } from './chunk-sqs-entries.js';
import { loadSqsModule, type SqsModule } from './load-sqs-module.js';
import {
  type BatchesOutcome,
  type BatchItem,
  type ChunkResult,
  chunkResult,
  runSqsBatches,
} from './run-sqs-batches.js';
import type { SqsClient, SqsCommand } from './sqs-client.js';
import type { SqsError } from './sqs-error.js';
import { SqsReadAheads } from './sqs-read-aheads.js';
import { SYSTEM_ATTRIBUTES, toReceivedMessage } from './to-received-message.js';
import { toSendMessageEntry } from './to-send-message-entry.js';
import { translateSqsError } from './translate-sqs-error.js';

/** How {@link SqsMessageQueue} reaches SQS and retries what SQS refused for a while. */
export interface SqsMessageQueueOptions {
  /** The caller's `SQSClient`; without it one is created from `clientConfig` on first use. */
  readonly client?: SqsClient;
  /**
   * Configuration of the `SQSClient` created when no `client` is given (region, endpoint,
   * credentials, retries; for other options create the client and pass `client`).
   */
  readonly clientConfig?: AwsClientConfig;
  /** Queue URLs known up front, by name (skips `GetQueueUrl` for them). */
  readonly queueUrls?: Readonly<Record<string, string>>;
  /**
   * How many more times entries that failed for a retryable reason (`SenderFault: false`,
   * throttling, 5xx) are sent again before they are reported; default 3.
   */
  readonly maxEntryRetries?: number;
  /** First pause before a retry; doubles each time up to `retryMaxDelayMs`; default 50 ms. */
  readonly retryBaseDelayMs?: number;
  /** Longest pause before a retry; default 2,000 ms. Pauses are jittered (0 … the limit). */
  readonly retryMaxDelayMs?: number;
  /** Largest SendMessageBatch payload (bodies and attributes); default 1 MiB, SQS's limit. */
  readonly maxBatchBytes?: number;
  /**
   * Largest message (body plus each attribute's name, data type and value, UTF-8; binary
   * values as bytes); default 262,144 (256 KiB), SQS's default `MaximumMessageSize`. Raise it
   * (up to 1,048,576) for queues created with a larger `MaximumMessageSize`. Larger messages
   * are refused before any call to SQS: failed entries `MessageTooLong`.
   */
  readonly maxMessageBytes?: number;
  /** Source of jitter in [0, 1); default `Math.random`. */
  readonly random?: () => number;
  /**
   * ReceiveMessage calls kept in flight per queue while a consumer keeps calling `receive`
   * (1–10; default 1: one call per `receive`). Above 1, receiving is pipelined: the messages
   * of polls that answer while the consumer is busy are kept for its next `receive`, so one
   * round trip hides behind the others (docs/adr/0037-sqs-receive-pipelining.md). It reads
   * ahead only on demand, within this many × 10 messages, releases (visibility 0) what waits
   * longer than `readAheadHoldMs`, and never on FIFO queues. Costs more idle long polls.
   */
  readonly receiveConcurrency?: number;
  /**
   * How long a message read ahead (`receiveConcurrency` above 1) may wait for a `receive`
   * before it is released; default a tenth of the receive's visibility timeout, at most
   * 1,000 ms (1,000 ms when the receive sets none).
   */
  readonly readAheadHoldMs?: number;
}

const DEFAULT_MAX_BATCH_BYTES = 1_048_576;

/**
 * The `MessageQueue` port on Amazon SQS (`@aws-sdk/client-sqs`, an optional peer loaded on
 * first use). Queue names are resolved to URLs with `GetQueueUrl` once and cached (full
 * URLs are used as they are). Sends, deletes and visibility changes go out in batches of at
 * most 10 (sends also within `maxBatchBytes`); entries SQS refuses are reported with SQS's
 * code, and those it refused for a passing reason (`SenderFault: false`, throttling, 5xx)
 * are sent again up to `maxEntryRetries` times with exponential backoff and full jitter
 * before being reported as `retryable`. A whole batch refused as invalid is split up so each
 * entry gets its own verdict. Receives long-poll with the caller's `AbortSignal` (an abort
 * resolves `[]`) and ask for the receive count, sent time, group id and every message
 * attribute. `attributes` travel as `String` message attributes and `typedAttributes` with
 * their data type (`StringValue` or `BinaryValue`); received messages carry every attribute in
 * `typedAttributes` (Binary ones included) and the String and Number ones in `attributes`.
 *
 * `limits` are 10 attributes and `maxMessageBytes` (default 262,144) per message. A message
 * over them is refused here, before any network call, as a failed entry with
 * `retryable: false` and code `TooManyAttributes` or `MessageTooLong` (the other messages
 * still go out): the codes do not depend on the endpoint, and emulators such as moto_server
 * do not count attributes at all.
 *
 * Errors about the queue itself throw {@link SqsError}: `QUEUE_NOT_FOUND`,
 * `QUEUE_ACCESS_DENIED`, `QUEUE_REQUEST_INVALID`, or `QUEUE_UNAVAILABLE` (retryable) when a
 * receive fails; a send, delete or visibility change that stays unavailable after its
 * retries reports its entries as failed with code `QUEUE_UNAVAILABLE` and `retryable: true`.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { SqsMessageQueue } from '@baltra/sdk/sqs';
 *
 * const queue = new SqsMessageQueue({ client: new SQSClient({ region: 'eu-west-1' }) });
 * await queue.send('leads', [{ body: JSON.stringify(action), attributes: { tenant: 'acme' } }]);
 * const messages = await queue.receive('leads', { waitTimeSeconds: 20, signal });
 * await queue.delete('leads', messages.map((message) => message.receiptHandle));
 * ```
 */
export class SqsMessageQueue implements MessageQueue {
  private client: SqsClient | undefined;
  private readonly urls = new Map<string, Promise<string>>();
  private readonly maxEntryRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxBatchBytes: number;
  private readonly random: () => number;
  private readonly readAheads: SqsReadAheads | undefined;
  /** 10 attributes and `maxMessageBytes` (default 262,144) per message. */
  readonly limits: MessageQueueLimits;
  /** `messaging.system` of its spans. */
  readonly messagingSystem = 'aws_sqs';

  constructor(private readonly options: SqsMessageQueueOptions = {}) {
    this.client = options.client;
    this.maxEntryRetries = options.maxEntryRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 50;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 2_000;
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.random = options.random ?? Math.random;
    this.readAheads = SqsReadAheads.forOptions(options, {
      receiveOnce: (queue, resolved) => this.receiveOnce(queue, resolved),
      changeVisibility: (queue, changes) => this.changeVisibility(queue, changes),
    });
    const maxMessageBytes = options.maxMessageBytes ?? SQS_MESSAGE_LIMITS.maxMessageBytes;
    checkRange('maxMessageBytes', maxMessageBytes, 1, Number.MAX_SAFE_INTEGER);
    this.limits = Object.freeze({ ...SQS_MESSAGE_LIMITS, maxMessageBytes });
    for (const [name, url] of Object.entries(options.queueUrls ?? {})) {
      this.urls.set(name, Promise.resolve(url));
    }
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
    const refused: FailedEntry[] = [];
    const items = distinctItems(
      messages.map((message, index) => message.id ?? String(index)),
      messages,
    ).filter(({ id, value }) => {
      const violation = messageLimitViolation(value, this.limits);
      if (violation !== undefined) refused.push({ id, ...violation, retryable: false });
      return violation === undefined;
    });
    if (items.length === 0) return { sent: [], failed: refused };
    const [sdk, url] = await Promise.all([loadSqsModule(), this.queueUrl(queue)]);
    const { succeeded, failed } = await this.batched(
      queue,
      'SendMessageBatch',
      chunkSqsEntries(items, { maxBytes: this.maxBatchBytes, bytes: messageBytes }),
      async (chunk) => {
        const output = (await this.request(
          new sdk.SendMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map(({ value }, index) => toSendMessageEntry(value, String(index))),
          }),
        )) as SendMessageBatchResult;
        return chunkResult(output, (entry) => entry.MessageId ?? '');
      },
    );
    return {
      sent: succeeded.map(({ id, result }) => ({ id, messageId: result })),
      failed: [...refused, ...failed],
    };
  }

  async receive(queue: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const resolved = resolveReceiveOptions(options);
    if (this.readAheads === undefined || /\.fifo$/i.test(queue)) {
      return this.receiveOnce(queue, resolved);
    }
    return this.readAheads.receive(queue, resolved);
  }

  /**
   * Hands back (visibility 0) every message read ahead and not taken yet, and what the
   * read-ahead polls in flight bring once they end (a long poll ends within its wait time;
   * aborting one the broker already answered would leave its messages invisible for a whole
   * visibility timeout); call it when a consumer stops for good. `Worker.stop()` calls it.
   *
   * @example
   * ```ts
   * await worker.stop();
   * await queue.releaseReadAhead();
   * ```
   */
  async releaseReadAhead(): Promise<void> {
    await this.readAheads?.drain();
  }

  private async receiveOnce(
    queue: string,
    {
      maxMessages,
      waitTimeSeconds,
      visibilityTimeoutSeconds: visibility,
      signal,
    }: ResolvedReceiveOptions,
  ): Promise<ReceivedMessage[]> {
    if (signal?.aborted) return [];
    const [sdk, url] = await Promise.all([loadSqsModule(), this.queueUrl(queue)]);
    if (signal?.aborted) return [];
    let output: ReceiveMessageResult;
    try {
      output = (await this.request(
        new sdk.ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: maxMessages,
          WaitTimeSeconds: waitTimeSeconds,
          ...(visibility === undefined ? {} : { VisibilityTimeout: visibility }),
          MessageSystemAttributeNames: [...SYSTEM_ATTRIBUTES],
          MessageAttributeNames: ['All'],
        }),
        signal,
      )) as ReceiveMessageResult;
    } catch (error) {
      if (signal?.aborted) return [];
      throw this.translate(error, 'ReceiveMessage', queue);
    }
    return (output.Messages ?? []).map(toReceivedMessage);
  }

  async delete(queue: string, receiptHandles: readonly string[]): Promise<BatchOutcome> {
    const handles = [...new Set(receiptHandles)];
    if (handles.length === 0) return { succeeded: [], failed: [] };
    const [sdk, url] = await Promise.all([loadSqsModule(), this.queueUrl(queue)]);
    const { succeeded, failed } = await this.batched(
      queue,
      'DeleteMessageBatch',
      chunkSqsEntries(handles.map((handle) => ({ id: handle, value: handle }))),
      async (chunk) => {
        const output = (await this.request(
          new sdk.DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map(({ value }, index) => ({ Id: String(index), ReceiptHandle: value })),
          }),
        )) as DeleteMessageBatchResult;
        return chunkResult(output, () => undefined);
      },
    );
    return { succeeded: succeeded.map(({ id }) => id), failed };
  }

  async changeVisibility(
    queue: string,
    changes: readonly VisibilityChange[],
  ): Promise<BatchOutcome> {
    // One change per handle (the last one wins): SQS refuses a batch that names a handle twice.
    const byHandle = new Map(changes.map((change) => [change.receiptHandle, change]));
    if (byHandle.size === 0) return { succeeded: [], failed: [] };
    const [sdk, url] = await Promise.all([loadSqsModule(), this.queueUrl(queue)]);
    const { succeeded, failed } = await this.batched(
      queue,
      'ChangeMessageVisibilityBatch',
      chunkSqsEntries(
        [...byHandle.values()].map((change) => ({ id: change.receiptHandle, value: change })),
      ),
      async (chunk) => {
        const output = (await this.request(
          new sdk.ChangeMessageVisibilityBatchCommand({
            QueueUrl: url,
            Entries: chunk.map(({ value }, index) => ({
              Id: String(index),
              ReceiptHandle: value.receiptHandle,
              VisibilityTimeout: value.timeoutSeconds,
            })),
          }),
        )) as ChangeMessageVisibilityBatchResult;
        return chunkResult(output, () => undefined);
      },
    );
    return { succeeded: succeeded.map(({ id }) => id), failed };
  }

  /**
   * The URL of a queue: a URL is returned as it is, a name is resolved with `GetQueueUrl`
   * once (failures are not cached).
   */
  async queueUrl(queue: string): Promise<string> {
    if (/^https?:\/\//i.test(queue)) return queue;
    let url = this.urls.get(queue);
    if (url === undefined) {
      url = this.resolveUrl(queue);
      this.urls.set(queue, url);
      url.catch(() => {
        if (this.urls.get(queue) === url) this.urls.delete(queue);
      });
    }
    return url;
  }

  private async resolveUrl(queue: string): Promise<string> {
    const sdk = await loadSqsModule();
    try {
      const output = (await this.request(
        new sdk.GetQueueUrlCommand({ QueueName: queue }),
      )) as GetQueueUrlResult;
      if (output.QueueUrl === undefined) throw new Error('GetQueueUrl answered without a URL');
      return output.QueueUrl;
    } catch (error) {
      throw this.translate(error, 'GetQueueUrl', queue);
    }
  }

  /** Runs a batched operation with this queue's retry policy. */
  private batched<T, R>(
    queue: string,
    operation: string,
    chunks: readonly (readonly BatchItem<T>[])[],
    call: (chunk: readonly BatchItem<T>[]) => Promise<ChunkResult<R>>,
  ): Promise<BatchesOutcome<R>> {
    return runSqsBatches(chunks, call, {
      maxEntryRetries: this.maxEntryRetries,
      pause: (attempt) => this.pause(attempt),
      translate: (error) => this.translate(error, operation, queue),
    });
  }

  /** Exponential backoff with full jitter. */
  private pause(attempt: number): Promise<void> {
    const ceiling = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** attempt);
    return new Promise((resolve) => setTimeout(resolve, Math.floor(this.random() * ceiling)));
  }

  private async request(command: SqsCommand, signal?: AbortSignal): Promise<unknown> {
    const client = await this.sqsClient();
    return signal === undefined
      ? client.send(command)
      : client.send(command, { abortSignal: signal });
  }

  private async sqsClient(): Promise<SqsClient> {
    if (this.client === undefined) {
      const sdk: SqsModule = await loadSqsModule();
      this.client ??= new sdk.SQSClient(this.options.clientConfig ?? {});
    }
    return this.client;
  }

  private translate(error: unknown, operation: string, queue: string): SqsError {
    const translated = translateSqsError(error, { operation, queue });
    // The queue may have been deleted since its URL was cached.
    if (translated.code === 'QUEUE_NOT_FOUND') this.urls.delete(queue);
    return translated;
  }
}

function distinctItems<T>(ids: readonly string[], values: readonly T[]): BatchItem<T>[] {
  if (new Set(ids).size !== ids.length) {
    throw new RangeError('the entries of one send need distinct ids');
  }
  return values.map((value, index) => ({ id: ids[index] as string, value }));
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
