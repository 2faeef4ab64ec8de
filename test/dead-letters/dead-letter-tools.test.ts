// The dead-letter tools on each broker: in memory (through peek, and through receive like
// SQS), SQS on moto_server (the AWS SDK's wire protocol) and Redis Streams.
import { SQSClient } from '@aws-sdk/client-sqs';
import { createRedisClient, RedisMessageQueue } from '@baltra/sdk/redis';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { InMemoryMessageQueue } from '@baltra/sdk/testing';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { describeWithRedis, redisUrl, uniqueKeyPrefix } from '../support/redis.js';
import { deadLetterToolsContract } from './dead-letter-tools-contract.js';

function inMemory() {
  const queue = new InMemoryMessageQueue();
  return Promise.resolve({
    queue,
    async createQueue(name: string) {
      queue.createQueue(name, { visibilityTimeoutSeconds: 5 });
    },
    async close() {
      queue.close();
    },
  });
}

deadLetterToolsContract('InMemoryMessageQueue (peek)', inMemory);
deadLetterToolsContract('InMemoryMessageQueue (receive)', inMemory, { peek: false });

describeWithMoto('SQS on moto_server', () => {
  deadLetterToolsContract(
    'SqsMessageQueue',
    async () => {
      const client = new SQSClient({
        endpoint: motoUrl() ?? '',
        region: 'eu-west-2',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      return {
        queue: new SqsMessageQueue({ client }),
        async createQueue(name: string) {
          await ensureSqsQueue(client, name, { visibilityTimeoutSeconds: 5 });
        },
        async close() {
          client.destroy();
        },
      };
    },
    { waitTimeSeconds: 1 },
  );
});

describeWithRedis('Redis on redis-server', () => {
  deadLetterToolsContract('RedisMessageQueue', async () => {
    const client = await createRedisClient({ url: redisUrl() ?? '' });
    const queue = new RedisMessageQueue(client, {
      keyPrefix: uniqueKeyPrefix('dead-letters'),
      visibilityTimeoutSeconds: 5,
    });
    return {
      queue,
      async createQueue(name: string) {
        await queue.createQueue(name);
      },
      async close() {
        queue.close();
        await client.quit();
      },
    };
  });
});
