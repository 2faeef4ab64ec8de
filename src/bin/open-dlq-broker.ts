import type { MessageQueue } from '../shared/messaging/message-queue.js';
import type { DlqCommon } from './parse-dlq-arguments.js';

/** The broker `baltra dlq` talks to. */
export interface DlqBroker {
  readonly queue: MessageQueue;
  /** About how many messages a queue holds, when the broker says (for the progress bar). */
  count(name: string): Promise<number | undefined>;
  close(): Promise<void>;
  /** Values never to print (a password in the Redis URL, the AWS secret key). */
  readonly secrets: readonly string[];
}

/**
 * Opens the broker of a `baltra dlq` command. SQS: region from `--region`, `AWS_REGION` or
 * `AWS_DEFAULT_REGION`; endpoint from `--endpoint`, `AWS_ENDPOINT_URL_SQS` or
 * `AWS_ENDPOINT_URL`; credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, else the
 * AWS SDK's default chain. Redis: the Redis settings (`BALTRA_REDIS_URL` or `REDIS_URL`,
 * `BALTRA_REDIS_KEY_PREFIX` …). The SDKs are imported here, on first use, so `baltra migrate`
 * never loads them.
 *
 * @example
 * ```ts
 * const broker = await openDlqBroker({ broker: 'sqs', json: false }, process.env);
 * try { await listDeadLetters(broker.queue, 'jobs-dlq'); } finally { await broker.close(); }
 * ```
 */
export async function openDlqBroker(
  options: DlqCommon,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DlqBroker> {
  return options.broker === 'redis' ? openRedis(env) : openSqs(options, env);
}

async function openSqs(
  options: DlqCommon,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DlqBroker> {
  const [{ loadSqsModule }, { SqsMessageQueue }] = await Promise.all([
    import('../infra/sqs/load-sqs-module.js'),
    import('../infra/sqs/sqs-message-queue.js'),
  ]);
  const sdk = await loadSqsModule();
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = env.AWS_SESSION_TOKEN;
  const client = new sdk.SQSClient({
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(sessionToken ? { sessionToken } : {}),
          },
        }
      : {}),
  });
  const queue = new SqsMessageQueue({ client });
  return {
    queue,
    async count(name) {
      try {
        const output = await client.send(
          new sdk.GetQueueAttributesCommand({
            QueueUrl: await queue.queueUrl(name),
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        const count = Number(output.Attributes?.ApproximateNumberOfMessages);
        return Number.isFinite(count) ? count : undefined;
      } catch {
        return undefined;
      }
    },
    async close() {
      client.destroy();
    },
    secrets: [secretAccessKey, sessionToken].filter((value): value is string => !!value),
  };
}

async function openRedis(env: Readonly<Record<string, string | undefined>>): Promise<DlqBroker> {
  const [{ readRedisSettings }, { createRedisClient }, { RedisMessageQueue }] = await Promise.all([
    import('../infra/redis/redis-settings.js'),
    import('../infra/redis/create-redis-client.js'),
    import('../infra/redis/queue/redis-message-queue.js'),
  ]);
  const settings = readRedisSettings({ env: () => env }).get();
  const secrets = secretsOf(settings.redisUrl);
  const client = await createRedisClient(settings);
  const queue = new RedisMessageQueue(client, { keyPrefix: settings.redisKeyPrefix });
  return {
    queue,
    async count(name) {
      return queue.depth(name).then(
        ({ total }) => total,
        () => undefined,
      );
    },
    async close() {
      queue.close();
      await client.quit().catch(() => undefined);
    },
    secrets,
  };
}

function secretsOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
