import type { Logger } from '../../shared/logging/logger.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import { messageCreationContext } from '../../shared/messaging/message-creation-context.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { withMessageTraceContext } from '../../shared/messaging/message-trace-context.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import { toActionFailure } from './action-failure.js';
import { actionTrace } from './action-trace.js';
import { type CallbackOutcome, callbackMessage } from './send-callback.js';
import { sendOne } from './send-one.js';
import { sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';

/** Where callbacks may go and what happens when they cannot. */
export interface CallbackOptions {
  /**
   * The queues a message's `callback_queue` may name: a list of names, a pattern, or a
   * predicate. Default: any plain queue name (letters, digits, `-` and `_`, at most 80, an
   * optional `.fifo`) — never a URL or an ARN, so a message cannot send a result to a host of
   * its choosing.
   */
  readonly allow?: readonly string[] | RegExp | ((queue: string) => boolean);
  /** Where callbacks that cannot be delivered go; default the source queue's dead-letter queue. */
  readonly deadLetterQueue?: string;
  /** Sends of one callback before it is dead-lettered; default 3. */
  readonly attempts?: number;
  /** Wait before the second send, doubling after; default 200 ms. */
  readonly backoffMs?: number;
}

/** What happened to a callback that was not delivered. */
export interface CallbackDeadLettered {
  /** The queue of the action the callback answers. */
  readonly sourceQueue: string;
  readonly reason: Extract<DeadLetterReason, 'callback_not_allowed' | 'callback_undeliverable'>;
  readonly actionId: string;
  readonly callbackQueue: string;
  readonly error: string;
}

const PLAIN_QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/;

/**
 * Sends callbacks so that they never hold up the action they answer: the action is
 * acknowledged once applied whatever happens here. A callback goes out once inline; if that
 * fails it is retried in the background a bounded number of times and then dead-lettered
 * with reason `callback_undeliverable` (counted in `queue_message_dead_lettered_total`). A
 * destination outside the allow-list is dead-lettered at once as `callback_not_allowed`. A
 * callback continues the action's trace: it carries a creation context (a `create` span)
 * whose parent is the action's consumer span.
 *
 * @example
 * ```ts
 * const callbacks = new CallbackDispatcher(queue, { allow: /^funnel-results/ }, logger);
 * await callbacks.dispatch(action, { ok: true, result }, { queue: 'funnel', deadLetterQueue: 'funnel-dlq' });
 * await callbacks.drain(5_000); // on shutdown
 * ```
 */
export class CallbackDispatcher {
  private readonly pending = new Set<Promise<void>>();
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly queue: MessageQueue,
    private readonly options: CallbackOptions,
    private readonly logger: () => Logger,
    private readonly onDeadLettered?: (event: CallbackDeadLettered) => void,
  ) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 200;
  }

  /** Whether a message may name `queue` as its callback queue. */
  allows(queue: string): boolean {
    const { allow } = this.options;
    if (allow === undefined) return PLAIN_QUEUE_NAME.test(queue);
    if (typeof allow === 'function') return allow(queue);
    if (allow instanceof RegExp) return allow.test(queue);
    return allow.includes(queue);
  }

  /**
   * Sends the callback of `action` (if it names one). Never throws. With `background: true`
   * (the default) a failed first send is retried after this call returns; otherwise every
   * send happens before it returns (the Lambda entry, which may be frozen after it returns).
   */
  async dispatch(
    action: DomainAction,
    outcome: CallbackOutcome,
    source: { readonly queue: string; readonly deadLetterQueue: string },
    { background = true }: { readonly background?: boolean } = {},
  ): Promise<boolean> {
    const callbackQueue = action.callback_queue;
    if (callbackQueue === undefined) return false;
    const message = callbackMessage(action, callbackQueue, outcome, this.queue.limits);
    const deadLetter = (reason: CallbackDeadLettered['reason'], error: unknown) =>
      this.deadLetter(action, callbackQueue, message.body, source, reason, error);
    if (!this.allows(callbackQueue)) {
      await deadLetter(
        'callback_not_allowed',
        new Error(`callback_queue "${callbackQueue.slice(0, 200)}" is not allowed`),
      );
      return false;
    }
    // The callback continues the action's trace: its creation span is a child of the
    // action's consumer span, and the message carries it however many sends it takes.
    const traced = withMessageTraceContext(
      message,
      messageCreationContext(callbackQueue, {
        parent: actionTrace(action),
        system: this.queue.messagingSystem,
      }),
      this.queue.limits,
    );
    const retries = async (firstError: unknown) => {
      let error = firstError;
      for (let attempt = 2; attempt <= this.attempts; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** (attempt - 2)));
        try {
          await sendOne(this.queue, callbackQueue, traced);
          return;
        } catch (next) {
          error = next;
        }
      }
      await deadLetter('callback_undeliverable', error);
    };
    try {
      await sendOne(this.queue, callbackQueue, traced);
      return true;
    } catch (error) {
      if (!background) {
        await retries(error);
        return false;
      }
      const retrying = retries(error).finally(() => this.pending.delete(retrying));
      this.pending.add(retrying);
      return false;
    }
  }

  /** Waits for background retries, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async deadLetter(
    action: DomainAction,
    callbackQueue: string,
    body: string,
    source: { readonly queue: string; readonly deadLetterQueue: string },
    reason: CallbackDeadLettered['reason'],
    error: unknown,
  ): Promise<void> {
    const failure = toActionFailure(error);
    const deadLetterQueue = this.options.deadLetterQueue ?? source.deadLetterQueue;
    try {
      await sendToDeadLetterQueue(
        this.queue,
        deadLetterQueue,
        {
          queue: source.queue,
          messageId: `${action.action_id}.callback`,
          body,
          receiveCount: 0,
          attributes: {},
        },
        reason,
        failure,
        { actionId: action.action_id, tenantId: action.tenant_id },
      );
      recordMetric(getTelemetry(), METRICS.queueMessageDeadLetteredTotal, 1, {
        queue: source.queue,
        reason,
      });
    } catch (sendError) {
      // Nowhere left to put it: the log line is the record.
      this.logger().error('callback lost: its dead-letter queue refused it too', {
        actionId: action.action_id,
        deadLetterQueue,
        reason,
        error: toActionFailure(sendError),
      });
    }
    this.logger().warn('callback dead-lettered', {
      actionId: action.action_id,
      reason,
      error: failure,
    });
    this.onDeadLettered?.({
      sourceQueue: source.queue,
      reason,
      actionId: action.action_id,
      callbackQueue: callbackQueue.slice(0, 200),
      error: failure.code,
    });
  }
}
