import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import type { MessageQueue, ReceivedMessage } from '../../shared/messaging/message-queue.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import { type TenantTier, TIER_POLICIES } from '../../shared/messaging/tenant-tier.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import { type ActionFailure, toActionFailure } from './action-failure.js';
import type { ActionHandler } from './action-handler.js';
import type { ActionHandlerRegistry } from './action-handler-registry.js';
import { ActionProcessor, type ProcessOutcome } from './action-processor.js';
import { defaultDeadLetterQueue } from './default-dead-letter-queue.js';
import { type RetryDelayOptions, retryDelaySeconds } from './retry-delay-seconds.js';
import { sendCallback } from './send-callback.js';
import { sendOne } from './send-one.js';
import { sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';
import { WorkerConfigurationError } from './worker-configuration-error.js';

/** A queue the worker polls; its tier sets its share of the worker's slots. */
export interface WorkerQueue {
  readonly name: string;
  /** Default `enterprise` for a single queue; weights come from the tier table (8:4:2:1). */
  readonly tier?: TenantTier;
  /** Where this queue's poison and malformed messages go; default `{name}-dlq`. */
  readonly deadLetterQueue?: string;
}

/** Options of {@link Worker}. */
export interface WorkerOptions {
  readonly queue: MessageQueue;
  /** Queue names or descriptions; several queues are served by tier priority. */
  readonly queues: readonly (string | WorkerQueue)[];
  readonly handlers: ActionHandlerRegistry | Iterable<ActionHandler>;
  /** One transaction per action keyed by `action_id`: exactly-once effects (see ActionProcessor). */
  readonly unitOfWork?: UnitOfWork;
  /** Per-tenant quotas shared by every worker (PostgresRateLimiter). */
  readonly rateLimiter?: RateLimiter;
  /** Handlers running at once; default 10. */
  readonly concurrency?: number;
  /** Messages held ready per queue beyond those running; default `concurrency`. */
  readonly prefetch?: number;
  /** Visibility of a received message, kept alive by heartbeats while held; default 30 s. */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait; default 20 s. */
  readonly waitTimeSeconds?: number;
  /** Deliveries before an action is dead-lettered with its last error; default 5. */
  readonly maxReceiveCount?: number;
  /** Backoff between deliveries of a failing action. */
  readonly retry?: RetryDelayOptions;
  readonly handlerTimeoutsMs?: Partial<Record<TenantTier, number>>;
  readonly maxBodyBytes?: number;
  /** How long `stop()` waits for running handlers by default; default 30 s. */
  readonly shutdownTimeoutMs?: number;
  /** Acknowledgements are deleted in batches of 10, or after this long; default 5 ms. */
  readonly ackFlushMs?: number;
  readonly logger?: Logger;
  /** Called for every settled message (tests, metrics of your own). */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What happened to one message. */
export type WorkerEvent =
  | {
      readonly type: 'succeeded';
      readonly queue: string;
      readonly actionId: string;
      readonly replayed: boolean;
    }
  | {
      readonly type: 'retried';
      readonly queue: string;
      readonly actionId: string;
      readonly delaySeconds: number;
      readonly error: string;
    }
  | {
      readonly type: 'deferred';
      readonly queue: string;
      readonly actionId: string;
      readonly delaySeconds: number;
    }
  | {
      readonly type: 'dead-lettered';
      readonly queue: string;
      readonly reason: DeadLetterReason;
      readonly actionId?: string;
      readonly error: string;
    }
  | { readonly type: 'released'; readonly queue: string; readonly count: number }
  | { readonly type: 'poll-failed'; readonly queue: string; readonly error: string };

/** Counters since start. */
export interface WorkerStats {
  received: number;
  succeeded: number;
  replayed: number;
  retried: number;
  deferred: number;
  deadLettered: number;
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
  callbacksSent: number;
  inFlight: number;
  buffered: number;
}

/** What `stop()` did. */
export interface ShutdownReport {
  /** Handlers that finished while the worker drained. */
  readonly completed: number;
  /** Messages handed back to the queue (visible again at once). */
  readonly released: number;
  /** Whether every running handler finished before the deadline. */
  readonly drained: boolean;
}

interface QueueState {
  readonly name: string;
  readonly weight: number;
  readonly deadLetterQueue: string;
  readonly fifo: boolean;
  readonly successAttributes: Readonly<Record<string, string>>;
  readonly buffer: Held[];
  readonly busyGroups: Set<string>;
  head: number;
  wakePoller: (() => void) | undefined;
  pendingAcks: string[];
  ackTimer: NodeJS.Timeout | undefined;
}

interface Held {
  readonly queue: QueueState;
  readonly message: ReceivedMessage;
  visibleUntil: number;
  settled: boolean;
}

const SQS_MAX_BATCH = 10;
const SQS_MAX_DELAY_SECONDS = 900;
const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/**
 * The DomainAction worker: polls its queues, runs each message through the
 * {@link ActionProcessor} with at most `concurrency` handlers at once (polling again as
 * slots free, never waiting for a whole batch), keeps held messages invisible with
 * heartbeats, acknowledges in batches, retries failures with backoff through the visibility
 * timeout, defers actions over their tenant's quota, sends malformed and poison messages to
 * the dead-letter queue with the reason, answers `callback_queue`, and stops gracefully.
 * Several queues (one per tier) share the slots by weighted round robin: enterprise first,
 * free never starved.
 *
 * @example
 * ```ts
 * const worker = new Worker({
 *   queue: new SqsMessageQueue({ client: new SQSClient({}) }),
 *   queues: [{ name: 'leads-enterprise', tier: 'enterprise' }, { name: 'leads-free', tier: 'free' }],
 *   handlers: [ingestLeads],
 *   unitOfWork: new KyselyUnitOfWork(db),
 * });
 * worker.start();
 * worker.stopOnSignals(); // SIGTERM/SIGINT: stop polling, finish in-flight work, release the rest
 * ```
 */
export class Worker {
  readonly processor: ActionProcessor;
  private readonly queues: QueueState[];
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly receiveBatch: number;
  private readonly visibilitySeconds: number;
  private readonly waitTimeSeconds: number;
  private readonly ackFlushMs: number;
  private readonly picker = new WeightedRoundRobin<QueueState>();
  private readonly inFlight = new Set<Held>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly counters: WorkerStats = {
    received: 0,
    succeeded: 0,
    replayed: 0,
    retried: 0,
    deferred: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    callbacksSent: 0,
    inFlight: 0,
    buffered: 0,
  };
  private running = false;
  private pollAbort = new AbortController();
  /** Aborted when `stop()` gives up waiting: every running handler's signal follows it. */
  private readonly abandon = new AbortController();
  private pollers: Promise<void>[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping: Promise<ShutdownReport> | undefined;
  private completedWhileDraining = 0;

  constructor(private readonly options: WorkerOptions) {
    this.processor = new ActionProcessor({
      handlers: options.handlers,
      ...(options.unitOfWork && { unitOfWork: options.unitOfWork }),
      ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
      ...(options.maxReceiveCount !== undefined && { maxReceiveCount: options.maxReceiveCount }),
      ...(options.handlerTimeoutsMs && { handlerTimeoutsMs: options.handlerTimeoutsMs }),
      ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
      ...(options.logger && { logger: options.logger }),
    });
    if (options.queues.length === 0) {
      throw new WorkerConfigurationError('A worker needs at least one queue to poll');
    }
    this.concurrency = positiveInteger('concurrency', options.concurrency ?? 10);
    this.prefetch = positiveInteger('prefetch', options.prefetch ?? this.concurrency);
    this.receiveBatch = Math.min(SQS_MAX_BATCH, Math.max(1, Math.ceil(this.prefetch / 2)));
    this.visibilitySeconds = positiveInteger(
      'visibilityTimeoutSeconds',
      options.visibilityTimeoutSeconds ?? 30,
    );
    this.waitTimeSeconds = options.waitTimeSeconds ?? 20;
    this.ackFlushMs = options.ackFlushMs ?? 5;
    const names = new Set<string>();
    this.queues = options.queues.map((entry) => {
      const queue = typeof entry === 'string' ? { name: entry } : entry;
      if (names.has(queue.name)) {
        throw new WorkerConfigurationError(`Queue "${queue.name}" is listed twice`);
      }
      names.add(queue.name);
      const fifo = queue.name.endsWith('.fifo');
      return {
        name: queue.name,
        weight: TIER_POLICIES[queue.tier ?? 'enterprise'].weight,
        deadLetterQueue: queue.deadLetterQueue ?? defaultDeadLetterQueue(queue.name),
        fifo,
        successAttributes: Object.freeze({ queue: queue.name, outcome: 'success' }),
        buffer: [],
        busyGroups: new Set(),
        head: 0,
        wakePoller: undefined,
        pendingAcks: [],
        ackTimer: undefined,
      };
    });
  }

  /** Starts polling. Calling it again while running does nothing. */
  start(): this {
    if (this.running) return this;
    if (this.stopping) throw new WorkerConfigurationError('A stopped worker cannot restart');
    this.running = true;
    this.pollAbort = new AbortController();
    this.pollers = this.queues.map((queue) => this.pollLoop(queue));
    const everyMs = Math.max(500, (this.visibilitySeconds * 1000) / 3);
    this.heartbeat = setInterval(() => void this.extendVisibility(everyMs), everyMs);
    this.heartbeat.unref();
    return this;
  }

  /**
   * Stops on SIGTERM or SIGINT (once): polling ends, running handlers get `timeoutMs` to
   * finish, everything unfinished is released. Returns a function that removes the handlers.
   */
  stopOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger().info('worker stopping', { signal });
      void this.stop();
    };
    for (const signal of signals) process.once(signal, onSignal);
    return () => {
      for (const signal of signals) process.removeListener(signal, onSignal);
    };
  }

  /**
   * Graceful shutdown: stop polling, hand back messages not yet started, wait up to
   * `timeoutMs` for running handlers (then abort their signals and hand them back too), and
   * flush acknowledgements. Idempotent: later calls return the same report.
   */
  stop(options: { readonly timeoutMs?: number } = {}): Promise<ShutdownReport> {
    this.stopping ??= this.shutdown(options.timeoutMs ?? this.options.shutdownTimeoutMs ?? 30_000);
    return this.stopping;
  }

  /** Resolves once nothing is buffered or running (tests, batch jobs). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): WorkerStats {
    return {
      ...this.counters,
      deadLetteredByReason: { ...this.counters.deadLetteredByReason },
      inFlight: this.inFlight.size,
      buffered: this.queues.reduce((sum, queue) => sum + queue.buffer.length - queue.head, 0),
    };
  }

  private logger(): Logger {
    return this.options.logger ?? getLogger();
  }

  private async pollLoop(queue: QueueState): Promise<void> {
    let failures = 0;
    while (this.running) {
      const buffered = queue.buffer.length - queue.head;
      const room = this.prefetch - buffered;
      // Receiving costs about the same for 1 message as for 10: wait until a batch's worth of
      // room is free (or nothing is left to run) instead of polling for each freed slot.
      if (room <= 0 || (buffered > 0 && room < this.receiveBatch)) {
        await new Promise<void>((resolve) => {
          queue.wakePoller = resolve;
        });
        queue.wakePoller = undefined;
        continue;
      }
      let messages: ReceivedMessage[];
      try {
        messages = await this.options.queue.receive(queue.name, {
          maxMessages: Math.min(SQS_MAX_BATCH, room),
          waitTimeSeconds: this.waitTimeSeconds,
          visibilityTimeoutSeconds: this.visibilitySeconds,
          signal: this.pollAbort.signal,
        });
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        const failure = toActionFailure(error);
        this.logger().warn('queue poll failed', { queue: queue.name, error: failure });
        this.emit({ type: 'poll-failed', queue: queue.name, error: failure.code });
        await this.sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
        continue;
      }
      if (messages.length === 0) continue;
      if (!this.running) {
        await this.release(queue, messages);
        break;
      }
      const visibleUntil = Date.now() + this.visibilitySeconds * 1000;
      for (const message of messages) {
        queue.buffer.push({ queue, message, visibleUntil, settled: false });
      }
      this.counters.received += messages.length;
      this.dispatch();
    }
  }

  private dispatch(): void {
    while (this.inFlight.size < this.concurrency) {
      const queue = this.nextQueue();
      if (queue === undefined) break;
      const held = this.take(queue);
      if (held === undefined) break;
      queue.wakePoller?.();
      this.inFlight.add(held);
      void this.handle(held);
    }
    if (this.isIdle()) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private nextQueue(): QueueState | undefined {
    if (this.queues.length === 1) {
      const only = this.queues[0] as QueueState;
      return this.hasReady(only) ? only : undefined;
    }
    return this.picker.pick(this.queues.filter((queue) => this.hasReady(queue)));
  }

  /**
   * FIFO queues may hand out several messages of one group in a receive: a group's messages
   * run one at a time, in order, so a message waits while an earlier one of its group runs.
   */
  private hasReady(queue: QueueState): boolean {
    if (!queue.fifo || queue.busyGroups.size === 0) return queue.buffer.length > queue.head;
    return this.readyIndex(queue) !== -1;
  }

  private readyIndex(queue: QueueState): number {
    for (let index = queue.head; index < queue.buffer.length; index += 1) {
      const group = (queue.buffer[index] as Held).message.groupId;
      if (group === undefined || !queue.busyGroups.has(group)) return index;
    }
    return -1;
  }

  private take(queue: QueueState): Held | undefined {
    const index = !queue.fifo || queue.busyGroups.size === 0 ? queue.head : this.readyIndex(queue);
    if (index === -1 || index >= queue.buffer.length) return undefined;
    let held: Held | undefined;
    if (index === queue.head) {
      held = queue.buffer[index];
      queue.head += 1;
    } else {
      held = queue.buffer.splice(index, 1)[0];
    }
    if (queue.head === queue.buffer.length) {
      queue.buffer.length = 0;
      queue.head = 0;
    } else if (queue.head > 1024) {
      queue.buffer.splice(0, queue.head);
      queue.head = 0;
    }
    const group = held?.message.groupId;
    if (queue.fifo && group !== undefined) queue.busyGroups.add(group);
    return held;
  }

  /**
   * After a FIFO message is retried or deferred, its group's later messages that were already
   * received go back too: SQS then keeps the group waiting behind the retried one, in order.
   */
  private async releaseLaterOfGroup(held: Held): Promise<void> {
    const { queue } = held;
    const group = held.message.groupId;
    if (!queue.fifo || group === undefined) return;
    const later: ReceivedMessage[] = [];
    for (let index = queue.buffer.length - 1; index >= queue.head; index -= 1) {
      const entry = queue.buffer[index] as Held;
      if (entry.message.groupId === group) {
        later.unshift(entry.message);
        queue.buffer.splice(index, 1);
      }
    }
    if (queue.head >= queue.buffer.length) {
      queue.buffer.length = 0;
      queue.head = 0;
    }
    await this.release(queue, later);
  }

  private isIdle(): boolean {
    return (
      this.inFlight.size === 0 && this.queues.every((queue) => queue.buffer.length === queue.head)
    );
  }

  private async handle(held: Held): Promise<void> {
    const started = getTelemetry() === noopTelemetry ? 0 : performance.now();
    let outcome: ProcessOutcome | undefined;
    try {
      outcome = await this.processor.process({
        body: held.message.body,
        receiveCount: held.message.receiveCount,
        signal: this.abandon.signal,
      });
      if (!held.settled) await this.settle(held, outcome);
    } catch (error) {
      // Only queue failures land here (the processor never throws for a message): the
      // message stays unacknowledged and comes back after its visibility timeout.
      this.logger().error('message could not be settled', {
        queue: held.queue.name,
        error: toActionFailure(error),
      });
    } finally {
      held.settled = true;
      this.inFlight.delete(held);
      const group = held.message.groupId;
      if (held.queue.fifo && group !== undefined) held.queue.busyGroups.delete(group);
      if (this.stopping) this.completedWhileDraining += 1;
      const telemetry = getTelemetry();
      if (telemetry !== noopTelemetry) {
        recordMetric(
          telemetry,
          METRICS.queueMessageProcessingDurationSeconds,
          (performance.now() - started) / 1000,
          { queue: held.queue.name, outcome: outcome?.kind ?? 'error' },
        );
      }
      this.dispatch();
    }
  }

  private async settle(held: Held, outcome: ProcessOutcome): Promise<void> {
    const queue = held.queue;
    switch (outcome.kind) {
      case 'succeeded': {
        if (outcome.action.callback_queue) {
          await sendCallback(this.options.queue, outcome.action, {
            ok: true,
            result: outcome.result,
          });
          this.counters.callbacksSent += 1;
        }
        this.acknowledge(held);
        this.counters.succeeded += 1;
        if (outcome.replayed) this.counters.replayed += 1;
        this.count(METRICS.queueMessageConsumedTotal, queue.successAttributes);
        if (this.observed)
          this.emit({
            type: 'succeeded',
            queue: queue.name,
            actionId: outcome.action.action_id,
            replayed: outcome.replayed,
          });
        return;
      }
      case 'retry': {
        if (this.abandon.signal.aborted) {
          await this.release(queue, [held.message]);
          return;
        }
        const delaySeconds = retryDelaySeconds(held.message.receiveCount, this.options.retry);
        const failure = toActionFailure(outcome.error);
        await this.options.queue.changeVisibility(queue.name, [
          { receiptHandle: held.message.receiptHandle, timeoutSeconds: delaySeconds },
        ]);
        await this.releaseLaterOfGroup(held);
        this.counters.retried += 1;
        this.count(METRICS.queueMessageFailedTotal, { queue: queue.name, error: failure.code });
        this.logger().warn('action failed, will retry', {
          queue: queue.name,
          actionId: outcome.action.action_id,
          receiveCount: held.message.receiveCount,
          delaySeconds,
          error: failure,
        });
        this.emit({
          type: 'retried',
          queue: queue.name,
          actionId: outcome.action.action_id,
          delaySeconds,
          error: failure.code,
        });
        return;
      }
      case 'deferred': {
        const delaySeconds = await this.defer(held, outcome.retryAfterMs);
        await this.releaseLaterOfGroup(held);
        this.counters.deferred += 1;
        this.emit({
          type: 'deferred',
          queue: queue.name,
          actionId: outcome.action.action_id,
          delaySeconds,
        });
        return;
      }
      case 'dead-letter': {
        const failure = toActionFailure(outcome.error);
        await this.deadLetter(held, outcome.reason, failure, outcome.action?.action_id);
        if (outcome.action?.callback_queue) {
          await sendCallback(this.options.queue, outcome.action, { ok: false, error: failure });
          this.counters.callbacksSent += 1;
        }
        this.acknowledge(held);
        this.counters.deadLettered += 1;
        this.counters.deadLetteredByReason[outcome.reason] =
          (this.counters.deadLetteredByReason[outcome.reason] ?? 0) + 1;
        this.count(METRICS.queueMessageDeadLetteredTotal, {
          queue: queue.name,
          reason: outcome.reason,
        });
        this.logger().warn('message dead-lettered', {
          queue: queue.name,
          deadLetterQueue: queue.deadLetterQueue,
          reason: outcome.reason,
          actionId: outcome.action?.action_id,
          messageId: held.message.messageId,
          receiveCount: held.message.receiveCount,
          error: failure,
        });
        this.emit({
          type: 'dead-lettered',
          queue: queue.name,
          reason: outcome.reason,
          error: failure.code,
          ...(outcome.action && { actionId: outcome.action.action_id }),
        });
        return;
      }
    }
  }

  private async deadLetter(
    held: Held,
    reason: DeadLetterReason,
    failure: ActionFailure,
    actionId: string | undefined,
  ): Promise<void> {
    const { message, queue } = held;
    await sendToDeadLetterQueue(
      this.options.queue,
      queue.deadLetterQueue,
      {
        queue: queue.name,
        messageId: message.messageId,
        body: message.body,
        receiveCount: message.receiveCount,
        groupId: message.groupId,
        attributes: message.attributes,
      },
      reason,
      failure,
      actionId,
    );
  }

  private async defer(held: Held, retryAfterMs: number): Promise<number> {
    const queue = held.queue;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    if (queue.fifo) {
      // FIFO queues have no per-message delay: hide this delivery instead.
      const delaySeconds = Math.min(seconds, SQS_MAX_VISIBILITY_SECONDS);
      await this.options.queue.changeVisibility(queue.name, [
        { receiptHandle: held.message.receiptHandle, timeoutSeconds: delaySeconds },
      ]);
      return delaySeconds;
    }
    // A fresh copy, so waiting for a quota never counts as a failed delivery.
    const delaySeconds = Math.min(seconds, SQS_MAX_DELAY_SECONDS);
    const deferrals = Number(held.message.attributes['baltra.deferrals'] ?? 0) + 1;
    await sendOne(this.options.queue, queue.name, {
      body: held.message.body,
      delaySeconds,
      attributes: { ...held.message.attributes, 'baltra.deferrals': String(deferrals) },
    });
    this.acknowledge(held);
    return delaySeconds;
  }

  private acknowledge(held: Held): void {
    const queue = held.queue;
    queue.pendingAcks.push(held.message.receiptHandle);
    if (queue.pendingAcks.length >= SQS_MAX_BATCH) {
      void this.flushAcks(queue);
    } else if (queue.ackTimer === undefined) {
      queue.ackTimer = setTimeout(() => void this.flushAcks(queue), this.ackFlushMs);
    }
  }

  private async flushAcks(queue: QueueState): Promise<void> {
    clearTimeout(queue.ackTimer);
    queue.ackTimer = undefined;
    while (queue.pendingAcks.length > 0) {
      const handles = queue.pendingAcks.splice(0, SQS_MAX_BATCH);
      try {
        const outcome = await this.options.queue.delete(queue.name, handles);
        for (const failed of outcome.failed) {
          // The message will come back; its unit of work makes the replay a no-op.
          this.logger().warn('acknowledgement failed', { queue: queue.name, error: failed });
        }
      } catch (error) {
        this.logger().warn('acknowledgement failed', {
          queue: queue.name,
          error: toActionFailure(error),
        });
      }
    }
  }

  private async extendVisibility(everyMs: number): Promise<void> {
    const horizon = Date.now() + everyMs * 2;
    const byQueue = new Map<QueueState, Held[]>();
    const held = [...this.inFlight];
    for (const queue of this.queues) held.push(...queue.buffer.slice(queue.head));
    for (const entry of held) {
      if (entry.settled || entry.visibleUntil > horizon) continue;
      const list = byQueue.get(entry.queue) ?? [];
      list.push(entry);
      byQueue.set(entry.queue, list);
    }
    for (const [queue, entries] of byQueue) {
      const visibleUntil = Date.now() + this.visibilitySeconds * 1000;
      try {
        await this.options.queue.changeVisibility(
          queue.name,
          entries.map((entry) => ({
            receiptHandle: entry.message.receiptHandle,
            timeoutSeconds: this.visibilitySeconds,
          })),
        );
        for (const entry of entries) entry.visibleUntil = visibleUntil;
      } catch (error) {
        this.logger().warn('visibility heartbeat failed', {
          queue: queue.name,
          error: toActionFailure(error),
        });
      }
    }
  }

  private async release(queue: QueueState, messages: readonly ReceivedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.options.queue.changeVisibility(
        queue.name,
        messages.map((message) => ({ receiptHandle: message.receiptHandle, timeoutSeconds: 0 })),
      );
    } catch (error) {
      this.logger().warn('releasing messages failed', {
        queue: queue.name,
        error: toActionFailure(error),
      });
    }
    this.emit({ type: 'released', queue: queue.name, count: messages.length });
  }

  private async shutdown(timeoutMs: number): Promise<ShutdownReport> {
    this.running = false;
    this.pollAbort.abort();
    for (const queue of this.queues) queue.wakePoller?.();
    await Promise.allSettled(this.pollers);
    let released = 0;
    for (const queue of this.queues) {
      const waiting = queue.buffer.splice(queue.head).map((held) => held.message);
      queue.buffer.length = 0;
      queue.head = 0;
      released += waiting.length;
      await this.release(queue, waiting);
    }
    const running = [...this.inFlight];
    const drained = await this.waitForInFlight(timeoutMs);
    if (!drained) {
      const abandoned = [...this.inFlight];
      for (const held of abandoned) held.settled = true;
      this.abandon.abort(new Error('worker stopped before the handler finished'));
      for (const queue of this.queues) {
        const mine = abandoned.filter((held) => held.queue === queue).map((held) => held.message);
        released += mine.length;
        await this.release(queue, mine);
      }
    }
    clearInterval(this.heartbeat);
    await Promise.all(this.queues.map((queue) => this.flushAcks(queue)));
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    return {
      completed: Math.min(this.completedWhileDraining, running.length),
      released,
      drained,
    };
  }

  private async waitForInFlight(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const idle = this.whenIdle().then(() => true as const);
    const drained = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    return drained;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.pollAbort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  private count(
    metric: (typeof METRICS)[keyof typeof METRICS],
    attributes: Record<string, string>,
  ): void {
    const telemetry = getTelemetry();
    if (telemetry !== noopTelemetry) recordMetric(telemetry, metric, 1, attributes);
  }

  private emit(event: WorkerEvent): void {
    this.options.onEvent?.(event);
  }

  private get observed(): boolean {
    return this.options.onEvent !== undefined;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WorkerConfigurationError(`${name} must be a positive integer (got ${value})`);
  }
  return value;
}
