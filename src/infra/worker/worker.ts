import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { ReceivedMessage } from '../../shared/messaging/message-queue.js';
import { TIER_POLICIES } from '../../shared/messaging/tenant-tier.js';
import { abortableSleep, resolvesWithin } from './abortable-sleep.js';
import { AckBatcher } from './ack-batcher.js';
import { toActionFailure } from './action-failure.js';
import { ActionProcessor, type ProcessOutcome } from './action-processor.js';
import { messageTraceInput } from './action-trace.js';
import { CallbackDispatcher } from './callback-dispatcher.js';
import { defaultDeadLetterQueue } from './default-dead-letter-queue.js';
import { extendVisibility } from './extend-visibility.js';
import type { HeldMessage, PolledQueue } from './held-message.js';
import { MessageSettler } from './message-settler.js';
import { positiveInteger } from './positive-integer.js';
import { QueueBuffer } from './queue-buffer.js';
import { releaseReadAhead } from './release-read-ahead.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';
import { WorkerConfigurationError } from './worker-configuration-error.js';
import { WorkerMetrics } from './worker-metrics.js';
import {
  emptyWorkerStats,
  type ShutdownReport,
  type WorkerEvent,
  type WorkerOptions,
  type WorkerStats,
} from './worker-options.js';

const MAX_BATCH = 10;

/**
 * The DomainAction worker: polls its queues, runs each message through the
 * {@link ActionProcessor} (which decides what becomes of it) with at most `concurrency`
 * handlers at once (polling again as slots free, never waiting for a whole batch), keeps held
 * messages invisible with heartbeats, and hands each outcome to the `MessageSettler` (the one
 * module that turns outcomes into acknowledgements, backoffs, deferred copies, dead letters
 * and callbacks). Several queues (one per tier) share the slots by weighted round robin:
 * enterprise first, free never starved. `stop()` hands back what never started at once and
 * lets running handlers finish.
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
  private readonly queues: PolledQueue[];
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly receiveBatch: number;
  private readonly visibilitySeconds: number;
  private readonly waitTimeSeconds: number;
  private readonly picker = new WeightedRoundRobin<PolledQueue>();
  private readonly inFlight = new Set<HeldMessage>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly counters: WorkerStats = emptyWorkerStats();
  private readonly callbacks: CallbackDispatcher;
  private readonly settler: MessageSettler;
  private readonly metrics = new WorkerMetrics();
  private running = false;
  private pollAbort = new AbortController();
  /** Aborted when `stop()` gives up waiting: every running handler's signal follows it. */
  private readonly abandon = new AbortController();
  private pollers: Promise<void>[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping: Promise<ShutdownReport> | undefined;
  private completedWhileDraining = 0;
  /** Receives in progress: shutdown lets them finish rather than abort them. */
  private receiving = 0;

  constructor(private readonly options: WorkerOptions) {
    this.processor = new ActionProcessor(options);
    if (options.queues.length === 0) {
      throw new WorkerConfigurationError('A worker needs at least one queue to poll');
    }
    this.concurrency = positiveInteger('concurrency', options.concurrency ?? 10);
    this.prefetch = positiveInteger('prefetch', options.prefetch ?? this.concurrency);
    this.receiveBatch = Math.min(MAX_BATCH, Math.max(1, Math.ceil(this.prefetch / 2)));
    this.visibilitySeconds = positiveInteger(
      'visibilityTimeoutSeconds',
      options.visibilityTimeoutSeconds ?? 30,
    );
    this.waitTimeSeconds = options.waitTimeSeconds ?? 20;
    const logger = () => this.logger();
    const names = new Set<string>();
    this.queues = options.queues.map((entry) => {
      const queue = typeof entry === 'string' ? { name: entry } : entry;
      if (names.has(queue.name)) {
        throw new WorkerConfigurationError(`Queue "${queue.name}" is listed twice`);
      }
      names.add(queue.name);
      const fifo = queue.name.endsWith('.fifo');
      const tier = queue.tier ?? 'enterprise';
      return {
        name: queue.name,
        tier,
        weight: TIER_POLICIES[tier].weight,
        deadLetterQueue: queue.deadLetterQueue ?? defaultDeadLetterQueue(queue.name),
        fifo,
        successAttributes: Object.freeze({ queue: queue.name, outcome: 'success' }),
        buffer: new QueueBuffer<HeldMessage>(fifo),
        acks: new AckBatcher(options.queue, queue.name, options.ackFlushMs ?? 5, logger),
        wakePoller: undefined,
      };
    });
    this.callbacks = new CallbackDispatcher(
      options.queue,
      options.callbacks ?? {},
      logger,
      (event) => {
        this.counters.callbacksDeadLettered += 1;
        this.emit({
          type: 'callback-dead-lettered',
          queue: event.sourceQueue,
          reason: event.reason,
          actionId: event.actionId,
          error: event.error,
        });
      },
    );
    this.settler = new MessageSettler({
      queue: options.queue,
      callbacks: this.callbacks,
      retry: options.retry,
      stats: this.counters,
      logger,
      emit: options.onEvent,
      abandoned: this.abandon.signal,
      release: (queue, messages) => this.release(queue, messages),
    });
  }

  /** Starts polling. Calling it again while running does nothing. */
  start(): this {
    if (this.running) return this;
    if (this.stopping) throw new WorkerConfigurationError('A stopped worker cannot restart');
    this.running = true;
    this.pollAbort = new AbortController();
    this.metrics.reset(this.queues.map((queue) => queue.name));
    this.pollers = this.queues.map((queue) => this.pollLoop(queue));
    const everyMs = Math.max(500, (this.visibilitySeconds * 1000) / 3);
    this.heartbeat = setInterval(() => void this.heartbeatTick(everyMs), everyMs);
    this.heartbeat.unref();
    return this;
  }

  /**
   * Stops on SIGTERM or SIGINT (once): polling ends, running handlers get the shutdown timeout
   * to finish, everything unfinished is released. Returns a function that removes the handlers.
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
   * Graceful shutdown: stop polling, hand back messages not yet started (visible again at
   * once), wait up to `timeoutMs` for running handlers (then abort their signals and hand them
   * back too), and flush acknowledgements. Idempotent: later calls return the same report.
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
      buffered: this.queues.reduce((sum, queue) => sum + queue.buffer.size, 0),
    };
  }

  private logger(): Logger {
    return this.options.logger ?? getLogger();
  }

  private async pollLoop(queue: PolledQueue): Promise<void> {
    let failures = 0;
    let polledAt = 0;
    while (this.running) {
      const buffered = queue.buffer.size;
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
        this.receiving += 1;
        polledAt = performance.now();
        messages = await this.options.queue.receive(queue.name, {
          maxMessages: Math.min(MAX_BATCH, room),
          waitTimeSeconds: this.waitTimeSeconds,
          visibilityTimeoutSeconds: this.visibilitySeconds,
          signal: this.pollAbort.signal,
        });
        failures = 0;
        this.metrics.polled(queue.name);
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        const failure = toActionFailure(error);
        this.logger().warn('queue poll failed', { queue: queue.name, error: failure });
        this.emit({ type: 'poll-failed', queue: queue.name, error: failure.code });
        await abortableSleep(
          Math.min(30_000, 250 * 2 ** Math.min(failures, 7)),
          this.pollAbort.signal,
        );
        continue;
      } finally {
        this.receiving -= 1;
      }
      if (messages.length === 0) {
        // A broker that answers an empty long poll at once (closed, or misbehaving) must not
        // turn this loop into a spin that starves the process.
        if (performance.now() - polledAt < 5) await abortableSleep(50, this.pollAbort.signal);
        continue;
      }
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
    while (this.running && this.inFlight.size < this.concurrency) {
      const queue = this.nextQueue();
      if (queue === undefined) break;
      const held = queue.buffer.take();
      if (held === undefined) break;
      queue.wakePoller?.();
      this.inFlight.add(held);
      void this.handle(held);
    }
    if (this.isIdle()) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private nextQueue(): PolledQueue | undefined {
    if (this.queues.length === 1) {
      const only = this.queues[0] as PolledQueue;
      return only.buffer.hasReady() ? only : undefined;
    }
    return this.picker.pick(this.queues.filter((queue) => queue.buffer.hasReady()));
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.queues.every((queue) => queue.buffer.size === 0);
  }

  private async handle(held: HeldMessage): Promise<void> {
    const started = this.metrics.actionStarted(held.queue.name);
    let outcome: ProcessOutcome | undefined;
    try {
      outcome = await this.processor.process({
        body: held.message.body,
        receiveCount: held.message.receiveCount,
        signal: this.abandon.signal,
        queueTier: held.queue.tier,
        ...messageTraceInput(this.options.queue, held.queue.name, held.message),
      });
      // A success without a callback settles synchronously (no promise to await).
      const settling = held.settled ? undefined : this.settler.settle(held, outcome);
      if (settling !== undefined) await settling;
    } catch (error) {
      // Only queue failures land here (the processor never rejects): the message stays
      // unacknowledged and comes back after its visibility timeout.
      this.logger().error('message could not be settled', {
        queue: held.queue.name,
        error: toActionFailure(error),
      });
    } finally {
      held.settled = true;
      this.inFlight.delete(held);
      held.queue.buffer.done(held);
      if (this.stopping) this.completedWhileDraining += 1;
      this.metrics.actionEnded(held.queue.name, started, outcome);
      this.dispatch();
    }
  }

  private heartbeatTick(everyMs: number): Promise<void> {
    const held = [...this.inFlight];
    for (const queue of this.queues) held.push(...queue.buffer.waiting());
    return extendVisibility(this.options.queue, held, {
      horizon: Date.now() + everyMs * 2,
      visibilitySeconds: this.visibilitySeconds,
      logger: this.logger(),
    });
  }

  private async release(queue: PolledQueue, messages: readonly ReceivedMessage[]): Promise<void> {
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
    this.counters.released += messages.length;
    this.emit({ type: 'released', queue: queue.name, count: messages.length });
  }

  private async shutdown(timeoutMs: number): Promise<ShutdownReport> {
    const deadline = Date.now() + timeoutMs;
    this.running = false;
    let released = 0;
    // What never started goes back first, at once: another worker can take it while this one
    // drains (a rolling deploy must not leave it invisible for a visibility timeout).
    const releaseWaiting = async () => {
      for (const queue of this.queues) {
        const waiting = queue.buffer.removeAll();
        for (const held of waiting) held.settled = true;
        released += waiting.length;
        await this.release(
          queue,
          waiting.map((held) => held.message),
        );
      }
    };
    await releaseWaiting();
    for (const queue of this.queues) queue.wakePoller?.();
    // A long poll in progress is let finish (it ends within waitTimeSeconds) and what it
    // brings is handed back: aborting it can leave messages the broker already handed out
    // invisible for a whole visibility timeout. Past the deadline it is aborted.
    const polled = Promise.allSettled(this.pollers).then(() => true as const);
    if (this.receiving === 0 || !(await resolvesWithin(polled, deadline - Date.now()))) {
      this.pollAbort.abort(); // wakes back-off sleeps too
    }
    await polled;
    await releaseWaiting();
    await releaseReadAhead(this.options.queue, this.logger());
    const running = this.inFlight.size;
    const idle = this.whenIdle().then(() => true as const);
    const drained = await resolvesWithin(idle, deadline - Date.now());
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
    await Promise.all(this.queues.map((queue) => queue.acks.flush()));
    await this.callbacks.drain(Math.max(0, Math.min(deadline - Date.now(), 5_000)));
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    return { completed: Math.min(this.completedWhileDraining, running), released, drained };
  }

  private emit(event: WorkerEvent): void {
    this.options.onEvent?.(event);
  }
}
