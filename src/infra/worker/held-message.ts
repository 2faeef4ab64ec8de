import type { ReceivedMessage } from '../../shared/messaging/message-queue.js';
import type { TenantTier } from '../../shared/messaging/tenant-tier.js';
import type { AckBatcher } from './ack-batcher.js';
import type { QueueBuffer } from './queue-buffer.js';

/** One queue a worker polls, with what the worker keeps for it. */
export interface PolledQueue {
  readonly name: string;
  /** The operator's tier of the queue (default `enterprise`). */
  readonly tier: TenantTier;
  readonly weight: number;
  readonly deadLetterQueue: string;
  readonly fifo: boolean;
  readonly successAttributes: Readonly<Record<string, string>>;
  readonly buffer: QueueBuffer<HeldMessage>;
  readonly acks: AckBatcher;
  wakePoller: (() => void) | undefined;
}

/** A message the worker received and has not settled yet (waiting or running). */
export interface HeldMessage {
  readonly queue: PolledQueue;
  readonly message: ReceivedMessage;
  /** When the broker makes it visible again unless the heartbeat extends it (ms). */
  visibleUntil: number;
  /** Settled or handed back: no heartbeat, no settling any more. */
  settled: boolean;
}
