import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue, ReceivedMessage } from '../../shared/messaging/message-queue.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import { toActionFailure } from './action-failure.js';
import type { ProcessOutcome } from './action-processor.js';
import type { CallbackDispatcher } from './callback-dispatcher.js';
import { fitRetryCopy, receivedAttributes } from './fit-message-copy.js';
import type { HeldMessage, PolledQueue } from './held-message.js';
import { type RetryDelayOptions, retryDelaySeconds } from './retry-delay-seconds.js';
import { sendOne } from './send-one.js';
import { sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';
import { tierOf } from './worker-metrics.js';
import type { WorkerEvent, WorkerStats } from './worker-options.js';

/** What the settler works with. */
export interface MessageSettlerDependencies {
  readonly queue: MessageQueue;
  readonly callbacks: CallbackDispatcher;
  readonly retry?: RetryDelayOptions | undefined;
  readonly stats: WorkerStats;
  readonly logger: () => Logger;
  readonly emit?: ((event: WorkerEvent) => void) | undefined;
  /** Aborted when the worker gave up on running handlers: a retry is a plain release then. */
  readonly abandoned: AbortSignal;
  /** Hands messages back to their queue at once. */
  readonly release: (queue: PolledQueue, messages: readonly ReceivedMessage[]) => Promise<void>;
}

const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Turns a message's outcome into broker operations, the one place that does:
 * `succeeded` → callback, acknowledge; `retry` → hide it for the backoff of its attempt;
 * `deferred` → a delayed copy that fits the broker (or, on FIFO, hide it), acknowledge;
 * `dead-letter` → a copy that fits the broker to the dead-letter queue with its record,
 * the error callback, acknowledge. A FIFO message retried or deferred takes its group's later
 * messages back to the queue with it, so SQS keeps their order.
 *
 * @example
 * ```ts
 * await settler.settle(held, await processor.process({ body, receiveCount }));
 * ```
 */
export class MessageSettler {
  constructor(private readonly deps: MessageSettlerDependencies) {}

  /** Settles `outcome`; `undefined` when it is done already (a success without a callback). */
  settle(held: HeldMessage, outcome: ProcessOutcome): Promise<void> | undefined {
    switch (outcome.kind) {
      case 'succeeded':
        // The common case settles without a promise: each one pays AsyncLocalStorage's hooks.
        if (outcome.action.callback_queue === undefined) {
          this.acknowledge(held, outcome);
          return undefined;
        }
        return this.succeededWithCallback(held, outcome);
      case 'retry':
        return this.retry(held, outcome);
      case 'deferred':
        return this.deferred(held, outcome);
      case 'dead-letter':
        return this.deadLetter(held, outcome);
    }
  }

  private async succeededWithCallback(
    held: HeldMessage,
    outcome: Extract<ProcessOutcome, { kind: 'succeeded' }>,
  ): Promise<void> {
    const { queue } = held;
    const sent = await this.deps.callbacks.dispatch(
      outcome.action,
      { ok: true, result: outcome.result },
      { queue: queue.name, deadLetterQueue: queue.deadLetterQueue },
    );
    if (sent) this.deps.stats.callbacksSent += 1;
    this.acknowledge(held, outcome);
  }

  private acknowledge(
    held: HeldMessage,
    outcome: Extract<ProcessOutcome, { kind: 'succeeded' }>,
  ): void {
    const { queue } = held;
    const { stats } = this.deps;
    queue.acks.add(held.message.receiptHandle);
    stats.succeeded += 1;
    if (outcome.replayed) stats.replayed += 1;
    if (getTelemetry() !== noopTelemetry) {
      this.count(METRICS.queueMessageConsumedTotal, () => ({
        ...queue.successAttributes,
        tier: outcome.action.tenant_tier,
      }));
    }
    if (this.deps.emit) {
      this.deps.emit({
        type: 'succeeded',
        queue: queue.name,
        actionId: outcome.action.action_id,
        replayed: outcome.replayed,
      });
    }
  }

  private async retry(
    held: HeldMessage,
    outcome: Extract<ProcessOutcome, { kind: 'retry' }>,
  ): Promise<void> {
    const { queue, message } = held;
    if (this.deps.abandoned.aborted) {
      await this.deps.release(queue, [message]);
      return;
    }
    const delaySeconds = retryDelaySeconds(outcome.attempt, this.deps.retry);
    const failure = toActionFailure(outcome.error);
    await this.deps.queue.changeVisibility(queue.name, [
      { receiptHandle: message.receiptHandle, timeoutSeconds: delaySeconds },
    ]);
    await this.releaseLaterOfGroup(held);
    this.deps.stats.retried += 1;
    const attributes = () => ({
      queue: queue.name,
      error: failure.code,
      tier: outcome.action.tenant_tier,
    });
    this.count(METRICS.queueMessageFailedTotal, attributes);
    this.count(METRICS.queueMessageRetriedTotal, attributes);
    this.deps.logger().warn('action failed, will retry', {
      queue: queue.name,
      actionId: outcome.action.action_id,
      attempt: outcome.attempt,
      receiveCount: message.receiveCount,
      delaySeconds,
      error: failure,
    });
    this.deps.emit?.({
      type: 'retried',
      queue: queue.name,
      actionId: outcome.action.action_id,
      delaySeconds,
      error: failure.code,
    });
  }

  private async deferred(
    held: HeldMessage,
    outcome: Extract<ProcessOutcome, { kind: 'deferred' }>,
  ): Promise<void> {
    const { queue, message } = held;
    const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    let delaySeconds: number;
    if (queue.fifo) {
      // FIFO queues have no per-message delay: hide this delivery instead.
      delaySeconds = Math.min(seconds, MAX_VISIBILITY_SECONDS);
      await this.deps.queue.changeVisibility(queue.name, [
        { receiptHandle: message.receiptHandle, timeoutSeconds: delaySeconds },
      ]);
    } else {
      // A fresh copy, so waiting for a quota is never a delivery, let alone an attempt.
      delaySeconds = Math.min(seconds, MAX_DELAY_SECONDS);
      const deferrals = Number(message.attributes['baltra.deferrals'] ?? 0) + 1;
      const { copy, omitted } = fitRetryCopy(
        message.body,
        receivedAttributes(message),
        { 'baltra.deferrals': String(Number.isFinite(deferrals) ? deferrals : 1) },
        this.deps.queue.limits,
      );
      if (omitted.length > 0) {
        this.deps.logger().info('deferred copy left attributes off to fit the queue', {
          queue: queue.name,
          omitted,
        });
      }
      await sendOne(this.deps.queue, queue.name, { ...copy, delaySeconds });
      queue.acks.add(message.receiptHandle);
    }
    await this.releaseLaterOfGroup(held);
    this.deps.stats.deferred += 1;
    this.deps.emit?.({
      type: 'deferred',
      queue: queue.name,
      actionId: outcome.action.action_id,
      delaySeconds,
    });
  }

  private async deadLetter(
    held: HeldMessage,
    outcome: Extract<ProcessOutcome, { kind: 'dead-letter' }>,
  ): Promise<void> {
    const { queue, message } = held;
    const { stats } = this.deps;
    const failure = toActionFailure(outcome.error);
    await sendToDeadLetterQueue(
      this.deps.queue,
      queue.deadLetterQueue,
      { ...message, queue: queue.name },
      outcome.reason,
      failure,
      {
        actionId: outcome.action?.action_id,
        tenantId: outcome.action?.tenant_id,
        attempts: outcome.attempts,
      },
    );
    if (outcome.action?.callback_queue !== undefined) {
      const sent = await this.deps.callbacks.dispatch(
        outcome.action,
        { ok: false, error: failure },
        { queue: queue.name, deadLetterQueue: queue.deadLetterQueue },
      );
      if (sent) stats.callbacksSent += 1;
    }
    queue.acks.add(message.receiptHandle);
    stats.deadLettered += 1;
    stats.deadLetteredByReason[outcome.reason] =
      (stats.deadLetteredByReason[outcome.reason] ?? 0) + 1;
    this.count(METRICS.queueMessageDeadLetteredTotal, () => ({
      queue: queue.name,
      reason: outcome.reason,
      tier: tierOf(outcome.action),
    }));
    this.deps.logger().warn('message dead-lettered', {
      queue: queue.name,
      deadLetterQueue: queue.deadLetterQueue,
      reason: outcome.reason,
      actionId: outcome.action?.action_id,
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      attempts: outcome.attempts,
      error: failure,
    });
    this.deps.emit?.({
      type: 'dead-lettered',
      queue: queue.name,
      reason: outcome.reason,
      error: failure.code,
      ...(outcome.action && { actionId: outcome.action.action_id }),
    });
  }

  /**
   * After a FIFO message is retried or deferred, its group's later messages that were already
   * received go back too: SQS then keeps the group waiting behind the retried one, in order.
   */
  private async releaseLaterOfGroup(held: HeldMessage): Promise<void> {
    const later = held.queue.buffer.removeGroupOf(held);
    for (const entry of later) entry.settled = true;
    await this.deps.release(
      held.queue,
      later.map((entry) => entry.message),
    );
  }

  /** Counts one on `metric`; the attributes are only built when telemetry is installed. */
  private count(
    metric: (typeof METRICS)[keyof typeof METRICS],
    attributes: () => Record<string, string>,
  ): void {
    const telemetry = getTelemetry();
    if (telemetry !== noopTelemetry) recordMetric(telemetry, metric, 1, attributes());
  }
}
