import type {
  CreateQueueResult,
  GetQueueAttributesResult,
  GetQueueUrlResult,
} from '@aws-sdk/client-sqs';
import { loadSqsModule } from './load-sqs-module.js';
import type { SqsClient } from './sqs-client.js';
import { awsErrorCode, translateSqsError } from './translate-sqs-error.js';

/** What {@link ensureSqsQueue} creates. */
export interface EnsureSqsQueueOptions {
  /** FIFO queue (and DLQ); defaults to whether the name ends with `.fifo`. */
  readonly fifo?: boolean;
  /** The queue's visibility timeout; SQS's default (30 s) when not given. */
  readonly visibilityTimeoutSeconds?: number;
  /** FIFO queues: deduplicate by body when a message has no deduplication id. */
  readonly contentBasedDeduplication?: boolean;
  /** How long SQS keeps a message (60 s – 14 days); SQS's default (4 days) when not given. */
  readonly messageRetentionSeconds?: number;
  /**
   * A dead-letter queue named `queue` (created too, with the same type and a 14-day
   * retention) and a RedrivePolicy moving a message there after `maxReceiveCount` receives.
   */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

/** The URLs (and ARNs) of an ensured queue and its dead-letter queue. */
export interface EnsuredSqsQueue {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl?: string;
  readonly deadLetterQueueArn?: string;
}

const FOURTEEN_DAYS = 14 * 24 * 3600;

/**
 * Creates an SQS queue (and its dead-letter queue with a RedrivePolicy), or brings the
 * attributes of the existing one in line. Idempotent: safe to run at every start-up, in
 * bootstrap scripts and in tests. Failures are {@link SqsError}s.
 *
 * @example
 * ```ts
 * const { queueUrl, deadLetterQueueUrl } = await ensureSqsQueue(new SQSClient({}), 'leads', {
 *   visibilityTimeoutSeconds: 60,
 *   deadLetter: { queue: 'leads-dlq', maxReceiveCount: 5 },
 * });
 * ```
 */
export async function ensureSqsQueue(
  client: SqsClient,
  name: string,
  options: EnsureSqsQueueOptions = {},
): Promise<EnsuredSqsQueue> {
  const fifo = options.fifo ?? name.endsWith('.fifo');
  let deadLetter: { url: string; arn: string } | undefined;
  if (options.deadLetter !== undefined) {
    deadLetter = await ensureOne(client, options.deadLetter.queue, fifo, {
      MessageRetentionPeriod: String(FOURTEEN_DAYS),
    });
  }
  const attributes: Record<string, string> = {};
  if (options.visibilityTimeoutSeconds !== undefined) {
    attributes.VisibilityTimeout = String(options.visibilityTimeoutSeconds);
  }
  if (options.messageRetentionSeconds !== undefined) {
    attributes.MessageRetentionPeriod = String(options.messageRetentionSeconds);
  }
  if (fifo && options.contentBasedDeduplication !== undefined) {
    attributes.ContentBasedDeduplication = String(options.contentBasedDeduplication);
  }
  if (deadLetter !== undefined && options.deadLetter !== undefined) {
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: deadLetter.arn,
      maxReceiveCount: options.deadLetter.maxReceiveCount,
    });
  }
  const queue = await ensureOne(client, name, fifo, attributes);
  return {
    queueUrl: queue.url,
    queueArn: queue.arn,
    ...(deadLetter === undefined
      ? {}
      : { deadLetterQueueUrl: deadLetter.url, deadLetterQueueArn: deadLetter.arn }),
  };
}

async function ensureOne(
  client: SqsClient,
  name: string,
  fifo: boolean,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const sdk = await loadSqsModule();
  const site = { operation: 'CreateQueue', queue: name };
  let url: string | undefined;
  try {
    const created = (await client.send(
      new sdk.CreateQueueCommand({
        QueueName: name,
        Attributes: fifo ? { ...attributes, FifoQueue: 'true' } : attributes,
      }),
    )) as CreateQueueResult;
    url = created.QueueUrl;
  } catch (error) {
    const code = awsErrorCode(error);
    if (code !== 'QueueAlreadyExists' && code !== 'QueueNameExists') {
      throw translateSqsError(error, site);
    }
    // It exists with other attributes: update them (the type of a queue cannot change).
    try {
      const found = (await client.send(
        new sdk.GetQueueUrlCommand({ QueueName: name }),
      )) as GetQueueUrlResult;
      url = found.QueueUrl;
      if (url !== undefined && Object.keys(attributes).length > 0) {
        await client.send(
          new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }),
        );
      }
    } catch (inner) {
      throw translateSqsError(inner, { operation: 'SetQueueAttributes', queue: name });
    }
  }
  if (url === undefined) {
    throw translateSqsError(new Error('CreateQueue answered without a URL'), site);
  }
  try {
    const described = (await client.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    )) as GetQueueAttributesResult;
    const arn = described.Attributes?.QueueArn;
    if (arn === undefined) throw new Error('GetQueueAttributes answered without a QueueArn');
    return { url, arn };
  } catch (error) {
    throw translateSqsError(error, { operation: 'GetQueueAttributes', queue: name });
  }
}
