import type {
  ChangeMessageVisibilityBatchResult,
  DeleteMessageBatchResult,
  GetQueueUrlResult,
  Message,
  ReceiveMessageResult,
  SendMessageBatchResult,
  SQSClientConfig,
} from '@aws-sdk/client-sqs';
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
import { loadSqsModule, type SqsClient, type SqsCommand, type SqsModule } from './sqs-client.js';
import type { SqsError } from './sqs-error.js';
import { translateSqsError } from './translate-sqs-error.js';

/** How {@link SqsMessageQueue} reaches SQS and retries what SQS refused for a while. */
export interface SqsMessageQueueOptions {
  /** The caller's `SQSClient`; without it one is created from `clientConfig` on first use. */
  readonly client?: SqsClient;
  /** Configuration of the `SQSClient` created when no `client` is given. */
  readonly clientConfig?: SQSClientConfig;
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
  /** Source of jitter in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

const MAX_BATCH = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const DEFAULT_MAX_BATCH_BYTES = 1_048_576;
/** What every receive asks for besides the body. */
const SYSTEM_ATTRIBUTES = ['ApproximateReceiveCount', 'SentTimestamp', 'MessageGroupId'] as const;

/** One entry of a batched call: the caller's id and what to send for it. */
interface BatchItem<T> {
  readonly id: string;
  readonly value: T;
}

/** The answer of one batched call, by position in the chunk that was sent. */
interface ChunkResult<R> {
  readonly successful: readonly { readonly index: number; readonly result: R }[];
  readonly failed: readonly {
    readonly index: number;
    readonly code: string;
    readonly message: string;
    readonly senderFault: boolean;
  }[];
}

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
 * attribute. Attributes travel as `String` message attributes.
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

  constructor(private readonly options: SqsMessageQueueOptions = {}) {
    this.client = options.client;
    this.maxEntryRetries = options.maxEntryRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 50;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 2_000;
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.random = options.random ?? Math.random;
    for (const [name, url] of Object.entries(options.queueUrls ?? {})) {
      this.urls.set(name, Promise.resolve(url));
    }
  }

  async send(queue: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
    if (messages.length === 0) return { sent: [], failed: [] };
    const items = distinctItems(
      messages.map((message, index) => message.id ?? String(index)),
      messages,
    );
    const [sdk, url] = await Promise.all([loadSqsModule(), this.queueUrl(queue)]);
    const { succeeded, failed } = await this.batched(
      queue,
      'SendMessageBatch',
      chunkBySize(items, this.maxBatchBytes),
      async (chunk) => {
        const output = (await this.request(
          new sdk.SendMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map(({ value }, index) => ({
              Id: String(index),
              MessageBody: value.body,
              ...(value.delaySeconds === undefined ? {} : { DelaySeconds: value.delaySeconds }),
              ...(value.groupId === undefined ? {} : { MessageGroupId: value.groupId }),
              ...(value.deduplicationId === undefined
                ? {}
                : { MessageDeduplicationId: value.deduplicationId }),
              ...(value.attributes === undefined || Object.keys(value.attributes).length === 0
                ? {}
                : { MessageAttributes: stringAttributes(value.attributes) }),
            })),
          }),
        )) as SendMessageBatchResult;
        return chunkResult(output, (entry) => entry.MessageId ?? '');
      },
    );
    return {
      sent: succeeded.map(({ id, result }) => ({ id, messageId: result })),
      failed,
    };
  }

  async receive(queue: string, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const maxMessages = options.maxMessages ?? MAX_BATCH;
    checkRange('maxMessages', maxMessages, 1, MAX_BATCH);
    const waitTimeSeconds = options.waitTimeSeconds ?? 0;
    checkRange('waitTimeSeconds', waitTimeSeconds, 0, MAX_WAIT_SECONDS);
    const visibility = options.visibilityTimeoutSeconds;
    if (visibility !== undefined) {
      checkRange('visibilityTimeoutSeconds', visibility, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    }
    const { signal } = options;
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
      chunkByCount(handles.map((handle) => ({ id: handle, value: handle }))),
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
      chunkByCount(
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

  /**
   * Runs a batched operation chunk by chunk (in order, so FIFO groups keep their order):
   * retries what failed for a passing reason, splits a chunk refused as a whole into single
   * entries, reports the rest.
   */
  private async batched<T, R>(
    queue: string,
    operation: string,
    chunks: readonly (readonly BatchItem<T>[])[],
    call: (chunk: readonly BatchItem<T>[]) => Promise<ChunkResult<R>>,
  ): Promise<{ succeeded: { id: string; result: R }[]; failed: FailedEntry[] }> {
    const succeeded: { id: string; result: R }[] = [];
    const failed: FailedEntry[] = [];
    const run = async (chunk: readonly BatchItem<T>[]): Promise<void> => {
      let pending = chunk;
      for (let attempt = 0; ; attempt += 1) {
        let result: ChunkResult<R>;
        try {
          result = await call(pending);
        } catch (error) {
          const translated = this.translate(error, operation, queue);
          if (translated.code === 'QUEUE_NOT_FOUND' || translated.code === 'QUEUE_ACCESS_DENIED') {
            throw translated;
          }
          if (translated.retryable) {
            if (attempt < this.maxEntryRetries) {
              await this.pause(attempt);
              continue;
            }
            for (const item of pending)
              failed.push(failure(item.id, translated.code, translated.message, true));
            return;
          }
          // Refused as a whole (an invalid entry, a batch too large): one verdict per entry.
          if (pending.length > 1) {
            for (const item of pending) await run([item]);
            return;
          }
          const [only] = pending;
          if (only !== undefined) {
            const cause = translated.cause instanceof Error ? translated.cause.message : '';
            failed.push(failure(only.id, translated.awsCode ?? translated.code, cause, false));
          }
          return;
        }
        const retry: BatchItem<T>[] = [];
        for (const { index, result: value } of result.successful) {
          const item = pending[index];
          if (item !== undefined) succeeded.push({ id: item.id, result: value });
        }
        const last = attempt >= this.maxEntryRetries;
        for (const entry of result.failed) {
          const item = pending[entry.index];
          if (item === undefined) continue;
          if (!entry.senderFault && !last) retry.push(item);
          else failed.push(failure(item.id, entry.code, entry.message, !entry.senderFault));
        }
        if (retry.length === 0) return;
        await this.pause(attempt);
        pending = retry;
      }
    };
    for (const chunk of chunks) await run(chunk);
    return { succeeded, failed };
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

function toReceivedMessage(message: Message): ReceivedMessage {
  const system = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  const groupId = system.MessageGroupId;
  const received: { -readonly [K in keyof ReceivedMessage]: ReceivedMessage[K] } = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    receiveCount: Number(system.ApproximateReceiveCount ?? '1'),
    sentAt: new Date(Number(system.SentTimestamp ?? Date.now())),
    attributes,
  };
  if (groupId !== undefined) received.groupId = groupId;
  return received;
}

function stringAttributes(
  attributes: Readonly<Record<string, string>>,
): Record<string, { DataType: 'String'; StringValue: string }> {
  const result: Record<string, { DataType: 'String'; StringValue: string }> = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = { DataType: 'String', StringValue: value };
  }
  return result;
}

/** Maps a batch answer (entry ids are positions in the chunk) to positions. */
function chunkResult<R, S extends { Id: string | undefined }>(
  output: {
    Successful?: readonly S[] | undefined;
    Failed?:
      | readonly {
          Id: string | undefined;
          SenderFault: boolean | undefined;
          Code: string | undefined;
          Message?: string | undefined;
        }[]
      | undefined;
  },
  value: (entry: S) => R,
): ChunkResult<R> {
  return {
    successful: (output.Successful ?? []).map((entry) => ({
      index: Number(entry.Id),
      result: value(entry),
    })),
    failed: (output.Failed ?? []).map((entry) => ({
      index: Number(entry.Id),
      code: entry.Code ?? 'Unknown',
      message: entry.Message ?? '',
      senderFault: entry.SenderFault ?? true,
    })),
  };
}

function failure(id: string, code: string, message: string, retryable: boolean): FailedEntry {
  return { id, code, message, retryable };
}

function distinctItems<T>(ids: readonly string[], values: readonly T[]): BatchItem<T>[] {
  if (new Set(ids).size !== ids.length) {
    throw new RangeError('the entries of one send need distinct ids');
  }
  return values.map((value, index) => ({ id: ids[index] as string, value }));
}

function chunkByCount<T>(items: readonly BatchItem<T>[]): BatchItem<T>[][] {
  const chunks: BatchItem<T>[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH) chunks.push(items.slice(i, i + MAX_BATCH));
  return chunks;
}

/** At most 10 entries and `maxBytes` of bodies and attributes per chunk, in order. */
function chunkBySize(
  items: readonly BatchItem<OutgoingMessage>[],
  maxBytes: number,
): BatchItem<OutgoingMessage>[][] {
  const chunks: BatchItem<OutgoingMessage>[][] = [];
  let current: BatchItem<OutgoingMessage>[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = messageBytes(item.value);
    if (current.length === MAX_BATCH || (current.length > 0 && bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function messageBytes(message: OutgoingMessage): number {
  let bytes = Buffer.byteLength(message.body, 'utf8');
  for (const [name, value] of Object.entries(message.attributes ?? {})) {
    bytes += Buffer.byteLength(name, 'utf8') + 'String'.length + Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
