import { getLogger } from '../../shared/logging/configure-logging.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { type ActionFailure, toActionFailure } from './action-failure.js';
import {
  ActionProcessor,
  type ActionProcessorOptions,
  type ProcessOutcome,
} from './action-processor.js';
import { defaultDeadLetterQueue } from './default-dead-letter-queue.js';
import { sendCallback } from './send-callback.js';
import { sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';

/** The slice of an AWS Lambda SQS event record this entry reads. */
export interface SqsEventRecord {
  readonly messageId: string;
  readonly receiptHandle?: string;
  readonly body: string;
  readonly attributes?: {
    readonly ApproximateReceiveCount?: string;
    readonly MessageGroupId?: string;
  };
  readonly messageAttributes?: Readonly<
    Record<string, { readonly stringValue?: string; readonly dataType?: string }>
  >;
  /** `arn:aws:sqs:{region}:{account}:{queue name}`. */
  readonly eventSourceARN?: string;
}

/** The SQS event a Lambda receives. */
export interface SqsEvent {
  readonly Records: readonly SqsEventRecord[];
}

/** The partial batch response (`ReportBatchItemFailures` must be on in the event source mapping). */
export interface SqsBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** Options of {@link createSqsHandler}. */
export interface SqsHandlerOptions extends ActionProcessorOptions {
  /** Sends callbacks and dead letters. Without it, dead letters rely on the queue's redrive. */
  readonly queue?: MessageQueue;
  /** Dead-letter queue by source queue name; default `{name}-dlq` (`{base}-dlq.fifo`). */
  readonly deadLetterQueue?: (sourceQueue: string) => string;
  /** Records handled at once on standard queues; default 10. FIFO records run in order. */
  readonly concurrency?: number;
}

/**
 * An AWS Lambda handler for SQS event sources: every record goes through the
 * {@link ActionProcessor} (validation, quotas, timeouts, a unit of work keyed by `action_id`),
 * and the failed ones are returned as `batchItemFailures` so only they come back. With a
 * `queue`, malformed and poison messages go to the dead-letter queue with their reason (and
 * count as handled) and results go to `callback_queue`; without one they are reported as
 * failures and the queue's redrive policy moves them. On FIFO queues records run one at a
 * time and, after a failure, the rest of the batch is returned too, keeping group order.
 *
 * @example
 * ```ts
 * export const handler = createSqsHandler({
 *   handlers: [moveCandidate],
 *   unitOfWork: new KyselyUnitOfWork(db),
 *   queue: new SqsMessageQueue({ client: new SQSClient({}) }),
 * });
 * ```
 */
export function createSqsHandler(
  options: SqsHandlerOptions,
): (event: SqsEvent) => Promise<SqsBatchResponse> {
  const processor = new ActionProcessor(options);
  const concurrency = options.concurrency ?? 10;

  async function handleRecord(record: SqsEventRecord): Promise<boolean> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1;
    const outcome = await processor.process({ body: record.body, receiveCount });
    try {
      return await settle(record, receiveCount, outcome);
    } catch (error) {
      getLogger().error('SQS record could not be settled', {
        messageId: record.messageId,
        error: toActionFailure(error),
      });
      return false;
    }
  }

  async function settle(
    record: SqsEventRecord,
    receiveCount: number,
    outcome: ProcessOutcome,
  ): Promise<boolean> {
    const { queue } = options;
    if (outcome.kind === 'succeeded') {
      if (queue) await sendCallback(queue, outcome.action, { ok: true, result: outcome.result });
      return true;
    }
    if (outcome.kind !== 'dead-letter') {
      if (outcome.kind === 'retry') {
        getLogger().warn('action failed, will retry', {
          actionId: outcome.action.action_id,
          receiveCount,
          error: toActionFailure(outcome.error),
        });
      }
      return false;
    }
    const failure: ActionFailure = toActionFailure(outcome.error);
    getLogger().warn('message dead-lettered', {
      messageId: record.messageId,
      reason: outcome.reason,
      actionId: outcome.action?.action_id,
      error: failure,
    });
    if (queue === undefined) return false;
    const sourceQueue = queueNameFromArn(record.eventSourceARN);
    const deadLetterQueue =
      options.deadLetterQueue?.(sourceQueue) ?? defaultDeadLetterQueue(sourceQueue);
    await sendToDeadLetterQueue(
      queue,
      deadLetterQueue,
      {
        queue: sourceQueue,
        messageId: record.messageId,
        body: record.body,
        receiveCount,
        groupId: record.attributes?.MessageGroupId,
        attributes: stringAttributes(record),
      },
      outcome.reason,
      failure,
      outcome.action?.action_id,
    );
    if (outcome.action) await sendCallback(queue, outcome.action, { ok: false, error: failure });
    return true;
  }

  return async (event) => {
    const records = event.Records;
    const failures: { itemIdentifier: string }[] = [];
    const fifo = records.some((record) => record.eventSourceARN?.endsWith('.fifo'));
    if (fifo) {
      for (const [index, record] of records.entries()) {
        if (!(await handleRecord(record))) {
          for (const rest of records.slice(index))
            failures.push({ itemIdentifier: rest.messageId });
          break;
        }
      }
      return { batchItemFailures: failures };
    }
    let next = 0;
    const lane = async () => {
      while (next < records.length) {
        const record = records[next++] as SqsEventRecord;
        if (!(await handleRecord(record))) failures.push({ itemIdentifier: record.messageId });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, records.length) }, lane));
    return { batchItemFailures: failures };
  };
}

function queueNameFromArn(arn: string | undefined): string {
  const name = arn?.split(':').at(-1);
  return name === undefined || name === '' ? 'unknown-queue' : name;
}

function stringAttributes(record: SqsEventRecord): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (typeof value.stringValue === 'string') attributes[name] = value.stringValue;
  }
  return attributes;
}
