import type { GetQueueAttributesResult, GetQueueUrlResult } from '@aws-sdk/client-sqs';
import { loadSqsModule } from './load-sqs-module.js';
import type { SqsClient } from './sqs-client.js';
import { translateSqsError } from './translate-sqs-error.js';

/** An SQS queue's approximate counts, by state (SQS's `ApproximateNumberOfMessages*`). */
export interface SqsQueueDepth {
  /** `ApproximateNumberOfMessages`: waiting to be received. */
  readonly visible: number;
  /** `ApproximateNumberOfMessagesNotVisible`: received, not yet deleted. */
  readonly inFlight: number;
  /** `ApproximateNumberOfMessagesDelayed`: sent with a delay, not due yet. */
  readonly delayed: number;
  /** The three together. */
  readonly total: number;
}

const ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/** Queue URLs by name, per client: a scrape every 15 s must not call GetQueueUrl each time. */
const urls = new WeakMap<SqsClient, Map<string, string>>();

/**
 * Reads an SQS queue's depth with one `GetQueueAttributes` call (a name is resolved with
 * `GetQueueUrl` once per client; a URL is used as it is). SQS's counts are approximate and
 * lag a few seconds. Failures are `SqsError`s (`QUEUE_NOT_FOUND`, `QUEUE_UNAVAILABLE` …).
 * For the Prometheus exporter: `queueDepthCollector({ depth: (q) => readSqsQueueDepth(sqs, q), … })`.
 *
 * @example
 * ```ts
 * const { visible, inFlight } = await readSqsQueueDepth(new SQSClient({}), 'leads');
 * ```
 */
export async function readSqsQueueDepth(client: SqsClient, queue: string): Promise<SqsQueueDepth> {
  const sdk = await loadSqsModule();
  const url = await queueUrl(client, queue);
  let output: GetQueueAttributesResult;
  try {
    output = (await client.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...ATTRIBUTES] }),
    )) as GetQueueAttributesResult;
  } catch (error) {
    urls.get(client)?.delete(queue); // a deleted and re-created queue gets a new URL
    throw translateSqsError(error, { operation: 'GetQueueAttributes', queue });
  }
  const count = (name: (typeof ATTRIBUTES)[number]) => {
    const value = Number(output.Attributes?.[name] ?? 0);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  const visible = count('ApproximateNumberOfMessages');
  const inFlight = count('ApproximateNumberOfMessagesNotVisible');
  const delayed = count('ApproximateNumberOfMessagesDelayed');
  return { visible, inFlight, delayed, total: visible + inFlight + delayed };
}

async function queueUrl(client: SqsClient, queue: string): Promise<string> {
  if (/^https?:\/\//i.test(queue)) return queue;
  let known = urls.get(client);
  const cached = known?.get(queue);
  if (cached !== undefined) return cached;
  const sdk = await loadSqsModule();
  let url: string | undefined;
  try {
    const output = (await client.send(
      new sdk.GetQueueUrlCommand({ QueueName: queue }),
    )) as GetQueueUrlResult;
    url = output.QueueUrl;
  } catch (error) {
    throw translateSqsError(error, { operation: 'GetQueueUrl', queue });
  }
  if (url === undefined) {
    throw translateSqsError(new Error('GetQueueUrl answered without a URL'), {
      operation: 'GetQueueUrl',
      queue,
    });
  }
  if (known === undefined) {
    known = new Map();
    urls.set(client, known);
  }
  known.set(queue, url);
  return url;
}
