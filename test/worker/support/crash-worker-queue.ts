// The broker of a crash worker (./crash-worker.ts), chosen by BROKER:
// - `sqs` (the default): SqsMessageQueue on moto_server; env MOTO_URL, AWS_REGION_UNDER_TEST.
// - `redis`: RedisMessageQueue; env REDIS_URL, REDIS_KEY_PREFIX. The test's rig creates the
//   queues (./redis-crash-rig.ts); the client reconnects by itself when the server restarts.
// Each broker's modules are imported only when it is the one chosen.
import type { MessageQueue } from '@baltra/sdk/worker';

/** A crash worker's queue and how to let go of its connections on SIGTERM. */
export interface CrashWorkerQueue {
  readonly queue: MessageQueue;
  close(): Promise<void>;
}

export async function openCrashWorkerQueue(
  env: (name: string) => string,
): Promise<CrashWorkerQueue> {
  const broker = process.env.BROKER ?? 'sqs';
  if (broker === 'sqs') {
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    const { SqsMessageQueue } = await import('@baltra/sdk/sqs');
    const client = new SQSClient({
      endpoint: env('MOTO_URL'),
      region: env('AWS_REGION_UNDER_TEST'),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 3,
    });
    return {
      queue: new SqsMessageQueue({ client }),
      close: async () => client.destroy(),
    };
  }
  if (broker === 'redis') {
    const { createRedisClient, RedisMessageQueue } = await import('@baltra/sdk/redis');
    const client = await createRedisClient({
      url: env('REDIS_URL'),
      connectTimeoutMs: 2_000,
      commandTimeoutMs: 2_000,
      connectionName: `crash-worker-${process.pid}`,
    });
    const queue = new RedisMessageQueue(client, { keyPrefix: env('REDIS_KEY_PREFIX') });
    return {
      queue,
      async close() {
        queue.close();
        client.disconnect();
      },
    };
  }
  throw new Error(`BROKER must be sqs or redis, not ${broker}`);
}
