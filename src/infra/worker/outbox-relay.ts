import type { OutboxEntry } from '../../domain/models/domain-event.js';
import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { parseTraceparent } from '../../shared/http/trace-context.js';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import { messageCreationContext } from '../../shared/messaging/message-creation-context.js';
import type { MessageQueue, OutgoingMessage } from '../../shared/messaging/message-queue.js';
import { withMessageTraceContext } from '../../shared/messaging/message-trace-context.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import type { SpanIdentity } from '../../shared/telemetry/telemetry.js';
import { toActionFailure } from './action-failure.js';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  readonly unitOfWork: UnitOfWork;
  readonly queue: MessageQueue;
  /** The queue events go to, or a function choosing one per event. */
  readonly destination: string | ((event: OutboxEntry) => string);
  /**
   * Makes one relay active among many processes (the others skip their turn). Without it,
   * run a single relay: two relays would publish the same entries twice. Behind PgBouncer in
   * transaction mode give it a `PostgresLeaseLockManager` (what `createLockManager` and
   * `bootstrap()`'s `TOKENS.LockManager` are when `BALTRA_POSTGRES_POOLER=transaction`): a
   * `PostgresLockManager` there can let two relays run at once.
   */
  readonly lockManager?: LockManager;
  /** Entries read per round; default 100. */
  readonly batchSize?: number;
  /** Pause after a round that found less than a full batch; default 1,000 ms. */
  readonly idleDelayMs?: number;
  readonly logger?: Logger;
}

/** The outcome of one relay round. */
export interface RelayRound {
  readonly published: number;
  /** Entries held back to the next round (send failed, or an earlier one of their aggregate did). */
  readonly heldBack: number;
  /** Another relay holds the lock; this round did nothing. */
  readonly skipped: boolean;
}

/** An outbox event on the wire: snake_case, ids and facts only (payloads carry no PII). */
export interface PublishedEvent {
  readonly event_id: string;
  readonly event_type: string;
  readonly aggregate_type: string;
  readonly aggregate_id: string;
  readonly company_id: string;
  readonly occurred_at: string;
  readonly sequence: number;
  readonly payload: Readonly<Record<string, string | number | boolean | null>>;
}

const LOCK_NAME = 'baltra:outbox-relay';

/**
 * Publishes committed outbox events to a queue and marks them published: at least once (a
 * crash between publishing and marking publishes again; consumers de-duplicate by
 * `event_id`, and FIFO queues do so by deduplication id) and in order per aggregate (entries
 * are read by sequence; on FIFO queues the aggregate id is the message group; when one entry
 * fails, later entries of its aggregate wait for the next round). Each message continues the
 * trace its event was appended in (stored with it): its creation context is a `create` span
 * whose parent is that trace, so the consumer's span joins the original request's trace.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ unitOfWork: uow, queue: sqs, destination: 'domain-events.fifo', lockManager });
 * relay.start();
 * // … on shutdown
 * await relay.stop();
 * ```
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
  }

  /** One round: read pending entries, publish them, mark the published ones. */
  async relayOnce(): Promise<RelayRound> {
    const { lockManager } = this.options;
    if (lockManager === undefined) return this.round();
    let acquired = false;
    try {
      return await lockManager.withLock(
        LOCK_NAME,
        () => {
          acquired = true;
          return this.round();
        },
        { timeoutMs: 0 },
      );
    } catch (error) {
      if (!acquired) return { published: 0, heldBack: 0, skipped: true };
      throw error;
    }
  }

  /** Relays until {@link stop}: immediately again after a full batch, else after `idleDelayMs`. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const logger = this.options.logger ?? getLogger();
    while (this.running) {
      let full = false;
      try {
        const round = await this.relayOnce();
        full = round.published + round.heldBack >= this.batchSize && round.heldBack === 0;
      } catch (error) {
        logger.warn('outbox relay round failed', { error: toActionFailure(error) });
      }
      if (!full && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.idleDelayMs ?? 1_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async round(): Promise<RelayRound> {
    const { unitOfWork, queue } = this.options;
    const entries = await unitOfWork.run(({ outbox }) => outbox.pending(this.batchSize));
    if (entries.length === 0) return { published: 0, heldBack: 0, skipped: false };
    const byDestination = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const destination = this.destinationOf(entry);
      const list = byDestination.get(destination) ?? [];
      list.push(entry);
      byDestination.set(destination, list);
    }
    const published: string[] = [];
    let heldBack = 0;
    for (const [destination, list] of byDestination) {
      const blocked = new Set<string>();
      // Sent in chunks in sequence order, so a failure stops its aggregate's later entries.
      for (let start = 0; start < list.length; start += 10) {
        const chunk = list.slice(start, start + 10).filter((entry) => {
          if (!blocked.has(entry.aggregateId)) return true;
          heldBack += 1;
          return false;
        });
        if (chunk.length === 0) continue;
        const outcome = await queue.send(
          destination,
          chunk.map((entry) => toTracedMessage(entry, destination, queue)),
        );
        const failedIds = new Set(outcome.failed.map((failure) => failure.id));
        for (const entry of chunk) {
          if (failedIds.has(entry.id)) {
            blocked.add(entry.aggregateId);
            heldBack += 1;
          } else {
            published.push(entry.id);
          }
        }
        if (outcome.sent.length > 0) {
          recordMetric(getTelemetry(), METRICS.queueMessagePublishedTotal, outcome.sent.length, {
            queue: destination,
          });
        }
      }
    }
    if (published.length > 0) {
      await unitOfWork.run(({ outbox }) => outbox.markPublished(published, new Date()));
    }
    return { published: published.length, heldBack, skipped: false };
  }

  private destinationOf(entry: OutboxEntry): string {
    const { destination } = this.options;
    return typeof destination === 'string' ? destination : destination(entry);
  }
}

/**
 * The wire form of an outbox entry.
 *
 * @example
 * ```ts
 * const event = toPublishedEvent(entry); // { event_id, event_type, aggregate_id, … }
 * ```
 */
export function toPublishedEvent(entry: OutboxEntry): PublishedEvent {
  return {
    event_id: entry.id,
    event_type: entry.type,
    aggregate_type: entry.aggregateType,
    aggregate_id: entry.aggregateId,
    company_id: entry.companyId,
    occurred_at: entry.occurredAt.toISOString(),
    sequence: entry.sequence,
    payload: entry.payload,
  };
}

/**
 * The message of an entry, carrying the trace the event was appended in: a `create` span,
 * child of the stored context, is its creation context (the stored context itself under the
 * no-op telemetry). Entries stored without one get theirs from the queue's send.
 */
function toTracedMessage(
  entry: OutboxEntry,
  destination: string,
  queue: MessageQueue,
): OutgoingMessage {
  const message = toMessage(entry, destination);
  const stored = storedTrace(entry);
  if (stored === undefined) return message;
  const creation = messageCreationContext(destination, {
    parent: stored,
    system: queue.messagingSystem,
  });
  return withMessageTraceContext(message, creation, queue.limits);
}

function storedTrace(entry: OutboxEntry): SpanIdentity | undefined {
  const parent = parseTraceparent(entry.traceparent);
  if (parent === undefined) return undefined;
  return entry.tracestate === undefined ? parent : { ...parent, traceState: entry.tracestate };
}

function toMessage(entry: OutboxEntry, destination: string): OutgoingMessage {
  return {
    id: entry.id,
    body: JSON.stringify(toPublishedEvent(entry)),
    attributes: { 'baltra.event_type': entry.type },
    ...(destination.endsWith('.fifo') && {
      groupId: entry.aggregateId,
      deduplicationId: entry.id,
    }),
  };
}
