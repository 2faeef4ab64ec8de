/**
 * One message attribute with its SQS data type: String, Number, Binary or a custom suffix
 * (`String.json`, `Number.int`, `Binary.gzip`). String and Number types carry `stringValue`
 * (a Number as its decimal text), Binary types carry `binaryValue`.
 *
 * @example
 * ```ts
 * const attributes: Record<string, MessageAttributeValue> = {
 *   tenant: { dataType: 'String', stringValue: 'acme' },
 *   attempt: { dataType: 'Number', stringValue: '3' },
 *   payload: { dataType: 'Binary.gzip', binaryValue: gzipped },
 * };
 * ```
 */
export type MessageAttributeValue =
  | {
      readonly dataType: string;
      readonly stringValue: string;
      readonly binaryValue?: undefined;
    }
  | {
      readonly dataType: string;
      readonly binaryValue: Uint8Array;
      readonly stringValue?: undefined;
    };

/** A message to send. Bodies are strings (JSON for DomainActions). */
export interface OutgoingMessage {
  readonly body: string;
  /** The caller's id for this entry, echoed in the outcome; defaults to its index. */
  readonly id?: string;
  /** FIFO queues: messages of one group are delivered in order, one at a time. */
  readonly groupId?: string;
  /** FIFO queues: a second message with this id within 5 minutes is dropped. */
  readonly deduplicationId?: string;
  /** Standard queues: hide the message for this long after sending (0–900 s). */
  readonly delaySeconds?: number;
  /** String attributes carried next to the body (SQS message attributes). */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * Attributes with their data types (String, Number, Binary); merged over `attributes`
   * (same name: the typed one wins).
   */
  readonly typedAttributes?: Readonly<Record<string, MessageAttributeValue>>;
}

/** One entry a queue refused. `retryable` entries may succeed when sent again. */
export interface FailedEntry {
  readonly id: string;
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** The outcome of {@link MessageQueue.send}: which entries went out and which did not. */
export interface SendOutcome {
  readonly sent: readonly { readonly id: string; readonly messageId: string }[];
  readonly failed: readonly FailedEntry[];
}

/** The outcome of a batched delete or visibility change. */
export interface BatchOutcome {
  readonly succeeded: readonly string[];
  readonly failed: readonly FailedEntry[];
}

/** A message received and now invisible to other consumers until its visibility timeout. */
export interface ReceivedMessage {
  readonly messageId: string;
  /** Proof of this delivery: needed to delete the message or change its visibility. */
  readonly receiptHandle: string;
  readonly body: string;
  /** 1 on the first delivery, then one more for each redelivery. */
  readonly receiveCount: number;
  readonly sentAt: Date;
  readonly groupId?: string;
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * Every attribute with its data type, Binary ones included (`attributes` holds String and
   * Number values only). The SDK's adapters always set it; optional so that hand-written
   * adapters still compile.
   */
  readonly typedAttributes?: Readonly<Record<string, MessageAttributeValue>>;
  /**
   * Attributes the broker itself set, that the SDK reads besides the ones above: on SQS,
   * `AWSTraceHeader` (the X-Ray trace header) when the message carries one. Never copied to
   * another message's attributes.
   */
  readonly systemAttributes?: Readonly<Record<string, string>>;
}

/** Options of {@link MessageQueue.receive}. */
export interface ReceiveOptions {
  /** 1–10; default 10. */
  readonly maxMessages?: number;
  /** Long polling: wait up to this long (0–20 s) for a message; default 0. */
  readonly waitTimeSeconds?: number;
  /** Overrides the queue's visibility timeout for these messages. */
  readonly visibilityTimeoutSeconds?: number;
  /** Aborts a long poll (graceful shutdown); the call then resolves with no messages. */
  readonly signal?: AbortSignal;
}

/** One visibility change: hide the message for `timeoutSeconds` more (0 releases it now). */
export interface VisibilityChange {
  readonly receiptHandle: string;
  readonly timeoutSeconds: number;
}

/**
 * What one message may carry on a broker. A message over them is refused by `send` as a
 * failed entry (`TooManyAttributes` or `MessageTooLong`, `retryable: false`).
 *
 * @example
 * ```ts
 * const limits = queue.limits ?? SQS_MESSAGE_LIMITS;
 * if (messageBytes(copy) > limits.maxMessageBytes) {
 *   // trim the body or drop attributes before sending the copy
 * }
 * ```
 */
export interface MessageQueueLimits {
  /** Message attributes per message (SQS: 10). */
  readonly maxAttributes: number;
  /**
   * Body plus, for each attribute, name + data type + value bytes, UTF-8 (SQS: 262,144 by
   * default).
   */
  readonly maxMessageBytes: number;
}

/**
 * A message queue with SQS semantics: at-least-once delivery, a visibility timeout per
 * delivery, a receive count, batches of at most 10 per call to the service (adapters split
 * larger batches), FIFO groups and deduplication ids. Queues are named by their logical name
 * (an SQS adapter resolves names to URLs). Adapters: `SqsMessageQueue` (`@baltra/sdk/sqs`)
 * and `InMemoryMessageQueue` (`@baltra/sdk/testing`); both pass `messageQueueContract`.
 * Attributes travel with their data types (`typedAttributes`); a message over the broker's
 * {@link MessageQueueLimits} is refused as a failed entry before it reaches the broker.
 *
 * @example
 * ```ts
 * await queue.send('leads', [{ body: JSON.stringify(action) }]);
 * const [message] = await queue.receive('leads', { waitTimeSeconds: 20 });
 * if (message) await queue.delete('leads', [message.receiptHandle]);
 * ```
 */
export interface MessageQueue {
  /**
   * The broker's per-message limits; callers that copy messages (dead letters, retries) fit
   * them. Absent = unknown.
   */
  readonly limits?: MessageQueueLimits;
  /**
   * The broker as OpenTelemetry's `messaging.system` names it (`aws_sqs`; the SDK's own:
   * `redis`, `baltra_memory`), for the spans of sends and of the worker. Absent = unknown.
   */
  readonly messagingSystem?: string;
  /** Sends any number of messages (in calls of 10); partial failures are reported, not thrown. */
  send(queue: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome>;
  receive(queue: string, options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  /** Acknowledges messages (batched); an expired receipt handle is a failed entry. */
  delete(queue: string, receiptHandles: readonly string[]): Promise<BatchOutcome>;
  changeVisibility(queue: string, changes: readonly VisibilityChange[]): Promise<BatchOutcome>;
}
