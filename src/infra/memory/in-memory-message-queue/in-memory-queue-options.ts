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
  /**
   * Largest message of this queue (body plus each attribute's name, data type and value,
   * UTF-8; binary values as bytes); default the `maxMessageBytes` of the
   * `InMemoryMessageQueue` (262,144, like SQS). Larger ones are failed entries `MessageTooLong`.
   */
  readonly maxMessageBytes?: number;
}

/** Options of `InMemoryMessageQueue`. */
export interface InMemoryMessageQueueOptions {
  /** Milliseconds since the epoch; default `Date.now`. Waits still use (unref'd) timers. */
  readonly clock?: { now(): number };
  /** Queues created up front, by name. */
  readonly queues?: Readonly<Record<string, InMemoryQueueOptions>>;
  /**
   * Largest message (body plus each attribute's name, data type and value, UTF-8; binary
   * values as bytes) of queues that do not set their own; default 262,144 (256 KiB), the
   * same as `SqsMessageQueue`. It is `limits.maxMessageBytes`.
   */
  readonly maxMessageBytes?: number;
}
