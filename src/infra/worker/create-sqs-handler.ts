import { getLogger } from '../../shared/logging/configure-logging.js';
import type { MessageAttributeValue, MessageQueue } from '../../shared/messaging/message-queue.js';
import { readMessageTraceContext } from '../../shared/messaging/message-trace-context.js';
import { toActionFailure } from './action-failure.js';
import {
  ActionProcessor,
  type ActionProcessorOptions,
  type ProcessOutcome,
} from './action-processor.js';
import { CallbackDispatcher, type CallbackOptions } from './callback-dispatcher.js';
import { defaultDeadLetterQueue } from './default-dead-letter-queue.js';
import { sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';

/** The slice of an AWS Lambda SQS event record this entry reads. */
export interface SqsEventRecord {
  readonly messageId: string;
  readonly receiptHandle?: string;
  readonly body: string;
  readonly attributes?: {
    readonly ApproximateReceiveCount?: string;
    readonly MessageGroupId?: string;
    /** The X-Ray trace header, continued when the message carries no `traceparent`. */
    readonly AWSTraceHeader?: string;
  };
  readonly messageAttributes?: Readonly<
    Record<
      string,
      {
        readonly stringValue?: string;
        /** Base64, as Lambda delivers Binary attributes. */
        readonly binaryValue?: string;
        readonly dataType?: string;
      }
    >
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
  /** Where callbacks may go, and what happens to those that cannot be delivered. */
  readonly callbacks?: CallbackOptions;
  /** Records handled at once on standard queues; default 10. FIFO records run in order. */
  readonly concurrency?: number;
}

/**
 * An AWS Lambda handler for SQS event sources: every record goes through the
 * {@link ActionProcessor} (validation, quotas, deadlines, attempts, a unit of work keyed by
 * tenant and `action_id`), and the failed ones are returned as `batchItemFailures` so only
 * they come back. Attempts, not deliveries: throttled invocations raise SQS's receive count
 * without running anything, and only `maxDeliveries` (a backstop, default 10 × `maxAttempts`)
 * looks at it; set the queue's own redrive `maxReceiveCount` above that. With a `queue`,
 * malformed and poison messages go to the dead-letter queue with their reason (and count as
 * handled) and results go to `callback_queue` (retried within the invocation, then
 * dead-lettered); without one they are reported as failures and the queue's redrive policy
 * moves them. On FIFO queues records run one at a time and, after a failure, the rest of the
 * batch is returned too, keeping group order.
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
  const callbacks =
    options.queue && new CallbackDispatcher(options.queue, options.callbacks ?? {}, getLogger);

  async function handleRecord(record: SqsEventRecord): Promise<boolean> {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1;
    const outcome = await processor.process({
      body: record.body,
      receiveCount,
      ...recordTraceInput(record),
    });
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
    const sourceQueue = queueNameFromArn(record.eventSourceARN);
    const deadLetterQueue =
      options.deadLetterQueue?.(sourceQueue) ?? defaultDeadLetterQueue(sourceQueue);
    const source = { queue: sourceQueue, deadLetterQueue };
    if (outcome.kind === 'succeeded') {
      await callbacks?.dispatch(outcome.action, { ok: true, result: outcome.result }, source, {
        background: false,
      });
      return true;
    }
    if (outcome.kind !== 'dead-letter') {
      if (outcome.kind === 'retry') {
        getLogger().warn('action failed, will retry', {
          actionId: outcome.action.action_id,
          attempt: outcome.attempt,
          receiveCount,
          error: toActionFailure(outcome.error),
        });
      }
      return false;
    }
    const failure = toActionFailure(outcome.error);
    getLogger().warn('message dead-lettered', {
      messageId: record.messageId,
      reason: outcome.reason,
      actionId: outcome.action?.action_id,
      error: failure,
    });
    if (options.queue === undefined) return false;
    const typedAttributes = recordAttributes(record);
    await sendToDeadLetterQueue(
      options.queue,
      deadLetterQueue,
      {
        queue: sourceQueue,
        messageId: record.messageId,
        body: record.body,
        receiveCount,
        groupId: record.attributes?.MessageGroupId,
        attributes: {},
        typedAttributes,
      },
      outcome.reason,
      failure,
      {
        actionId: outcome.action?.action_id,
        tenantId: outcome.action?.tenant_id,
        attempts: outcome.attempts,
      },
    );
    if (outcome.action) {
      await callbacks?.dispatch(outcome.action, { ok: false, error: failure }, source, {
        background: false,
      });
    }
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

/** The trace facts of a record: its creation context continues in the action's span. */
function recordTraceInput(record: SqsEventRecord) {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (value.stringValue !== undefined) attributes[name] = value.stringValue;
  }
  const header = record.attributes?.AWSTraceHeader;
  return {
    parent: readMessageTraceContext({
      attributes,
      ...(header === undefined ? {} : { systemAttributes: { AWSTraceHeader: header } }),
    }),
    queue:
      record.eventSourceARN === undefined ? undefined : queueNameFromArn(record.eventSourceARN),
    messageId: record.messageId,
    system: 'aws_sqs',
  };
}

function queueNameFromArn(arn: string | undefined): string {
  const name = arn?.split(':').at(-1);
  return name === undefined || name === '' ? 'unknown-queue' : name;
}

/** Every message attribute of a record with its type; Binary ones arrive base64-encoded. */
function recordAttributes(record: SqsEventRecord): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    const dataType = value.dataType ?? 'String';
    if (typeof value.stringValue === 'string') {
      attributes[name] = { dataType, stringValue: value.stringValue };
    } else if (typeof value.binaryValue === 'string') {
      attributes[name] = { dataType, binaryValue: Buffer.from(value.binaryValue, 'base64') };
    }
  }
  return attributes;
}
