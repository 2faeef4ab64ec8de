import type { MessageQueue } from '../../../../shared/messaging/message-queue.js';

/** The queue a contract case asks its harness for. */
export interface ContractQueueSpec {
  readonly fifo?: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** With a dead-letter queue that receives messages after `maxReceiveCount` deliveries. */
  readonly deadLetter?: { readonly maxReceiveCount: number };
}

/** The names (as `MessageQueue` takes them) of a queue made for one case. */
export interface ContractQueue {
  readonly name: string;
  /** Set when the spec asked for a dead-letter queue. */
  readonly deadLetterQueue?: string;
}

/** What the message queue contract needs from an adapter under test. */
export interface MessageQueueHarness {
  readonly queue: MessageQueue;
  /** Creates a fresh, empty queue (and its dead-letter queue) no other case uses. */
  createQueue(spec: ContractQueueSpec): Promise<ContractQueue>;
  /**
   * A name no queue has, for the `QUEUE_NOT_FOUND` case.
   * Defaults to a random name.
   */
  readonly missingQueueName?: string;
  /**
   * Whether a receipt handle of an earlier delivery fails once the message was delivered
   * again. SQS does not promise it (the call may succeed, and may even delete the message);
   * the in-memory queue does.
   */
  readonly rejectsStaleReceiptHandles?: boolean;
  /** Releases clients and timers; called once after the suite. */
  close?(): Promise<void>;
}
