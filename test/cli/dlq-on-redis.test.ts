// `baltra dlq --broker redis`: the same commands on Redis Streams, including messages the
// Redis queue moved itself after maxReceiveCount deliveries (their record is in the stream
// entry, not in an attribute) — listed by their reason and replayed by it.
import { randomUUID } from 'node:crypto';
import { createRedisClient, type RedisClient, RedisMessageQueue } from '@baltra/sdk/redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../src/bin/run-baltra-cli.js';
import { receiveAll } from '../dead-letters/dead-letter-tools-contract.js';
import { describeWithRedis, redisUrl, uniqueKeyPrefix } from '../support/redis.js';
import { runInProcess } from '../support/run-cli.js';
import { anAction } from '../worker/worker-harness.js';

describeWithRedis('baltra dlq on Redis', () => {
  const prefix = uniqueKeyPrefix('dlq-cli');
  let client: RedisClient;
  let queue: RedisMessageQueue;
  const env = () => ({ BALTRA_REDIS_URL: redisUrl() ?? '', BALTRA_REDIS_KEY_PREFIX: prefix });

  beforeAll(async () => {
    client = await createRedisClient({ url: redisUrl() ?? '' });
    queue = new RedisMessageQueue(client, { keyPrefix: prefix });
  });
  afterAll(async () => {
    queue.close();
    await client.quit();
  });

  it('lists and replays messages the queue dead-lettered after maxReceiveCount deliveries', async () => {
    // Prepare: two deliveries without a delete, the third receive moves them.
    const source = `jobs-${randomUUID().slice(0, 8)}`;
    await queue.createQueue(source, {
      visibilityTimeoutSeconds: 0,
      deadLetter: { queue: `${source}-dlq`, maxReceiveCount: 2 },
    });
    const actions = [anAction('jobs.record', { n: 1 }), anAction('jobs.record', { n: 2 })];
    await queue.send(
      source,
      actions.map((action) => ({ body: JSON.stringify(action), attributes: { tenant: 'acme' } })),
    );
    for (let i = 0; i < 3; i += 1) await queue.receive(source, { maxMessages: 10 });

    // Act
    const list = await runInProcess(
      ['dlq', 'list', `${source}-dlq`, '--broker', 'redis', '--json'],
      env(),
    );
    const replay = await runInProcess(
      [
        'dlq',
        'replay',
        `${source}-dlq`,
        '--to',
        source,
        '--reason',
        'max_receives_exceeded',
        '--yes',
      ],
      { ...env(), BALTRA_REDIS_PORTS: 'broker' },
    );

    // Assess
    expect(list.code).toBe(EXIT.ok);
    expect(JSON.parse(list.out)).toMatchObject({
      read: 2,
      byReason: [{ reason: 'max_receives_exceeded', count: 2 }],
      byErrorCode: [{ errorCode: 'MAX_RECEIVES_EXCEEDED', count: 2 }],
    });
    expect(replay.code).toBe(EXIT.ok);
    expect(replay.out).toContain(`replayed 2 messages from ${source}-dlq to ${source}; 0 skipped`);
    expect(replay.out + replay.err).not.toContain(redisUrl() ?? 'no url');
    const back = await receiveAll(queue, source);
    expect(back.map((message) => message.body).sort()).toEqual(
      actions.map((action) => JSON.stringify(action)).sort(),
    );
    expect(back.every((message) => message.attributes.tenant === 'acme')).toBe(true);
    expect(await queue.depth(`${source}-dlq`)).toMatchObject({ total: 0 });
  });
});
