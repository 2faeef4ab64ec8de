// RedisMessageQueue against redis-servers the tests started: the message-queue contract
// unchanged, then what only Redis shows — server time, one round trip per send, faults (a
// SIGKILLed and restarted server, a server that is down), malformed stream entries, redrive
// records and long polls that are woken, aborted or closed.
import type { ReceivedMessage } from '@baltra/sdk';
import {
  createRedisClient,
  ensureRedisQueue,
  RedisError,
  RedisMessageQueue,
} from '@baltra/sdk/redis';
import { type MessageQueueHarness, messageQueueContract } from '@baltra/sdk/testing';
import { readDeadLetterRecord } from '@baltra/sdk/worker';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

const api = { describe, it, beforeAll, afterAll };

/** Blocked clients of a server (`INFO clients`). */
async function blockedClients(redis: Redis): Promise<number> {
  const info = await redis.info('clients');
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** Receives (and deletes) until `count` messages arrived or `timeoutMs` passed. */
async function drain(
  queue: RedisMessageQueue,
  name: string,
  count: number,
  timeoutMs = 15_000,
): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) {
    const batch = await queue.receive(name, { waitTimeSeconds: 1 }).catch(() => []);
    received.push(...batch);
    if (batch.length > 0) {
      await queue.delete(
        name,
        batch.map((message) => message.receiptHandle),
      );
    }
  }
  return received;
}

/** The next message of a queue, waiting up to 5 s for it. */
async function drainOnce(
  queue: RedisMessageQueue,
  name: string,
): Promise<ReceivedMessage | undefined> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const [message] = await queue.receive(name, { waitTimeSeconds: 1 });
    if (message) return message;
  }
  return undefined;
}

describeWithRedis('RedisMessageQueue', () => {
  messageQueueContract(
    'RedisMessageQueue on redis-server',
    async (): Promise<MessageQueueHarness> => {
      const redis = await testRedisClient();
      const queue = new RedisMessageQueue(redis, { keyPrefix: uniqueKeyPrefix('mq-contract') });
      let n = 0;
      return {
        queue,
        rejectsStaleReceiptHandles: true,
        async createQueue({ fifo = false, visibilityTimeoutSeconds, deadLetter }) {
          n += 1;
          const suffix = fifo ? '.fifo' : '';
          const name = `q-${n}${suffix}`;
          const dlq = deadLetter && `q-${n}-dlq${suffix}`;
          await queue.createQueue(name, {
            visibilityTimeoutSeconds,
            ...(dlq && deadLetter
              ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } }
              : {}),
          });
          return { name, ...(dlq ? { deadLetterQueue: dlq } : {}) };
        },
        async close() {
          queue.close();
          await redis.quit();
        },
      };
    },
    api,
  );

  describe('on the shared test server', () => {
    let redis: Redis;
    let prefix: string;
    let queue: RedisMessageQueue;
    beforeAll(async () => {
      redis = await testRedisClient();
      prefix = uniqueKeyPrefix('mq');
      queue = new RedisMessageQueue(redis, { keyPrefix: prefix, maxBlockMs: 20_000 });
    });
    afterAll(async () => {
      queue.close();
      await redis.quit();
    });

    it('reports its depth by state, and QUEUE_NOT_FOUND for a queue never created', async () => {
      await queue.createQueue('depth', { visibilityTimeoutSeconds: 30 });
      await queue.send('depth', [
        { body: 'a' },
        { body: 'b' },
        { body: 'c' },
        { body: 'later', delaySeconds: 60 },
      ]);
      const [taken] = await queue.receive('depth', { maxMessages: 1 });

      expect(await queue.depth('depth')).toEqual({ visible: 2, inFlight: 1, delayed: 1, total: 4 });
      await queue.delete('depth', [taken?.receiptHandle ?? '']);
      expect(await queue.depth('depth')).toEqual({ visible: 2, inFlight: 0, delayed: 1, total: 3 });
      await expect(queue.depth('never-created')).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    });

    it("times delays and visibility on the server's clock, never the client's", async () => {
      await queue.createQueue('clock', { visibilityTimeoutSeconds: 30 });
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        // The client's clock is an hour late: a client-side due time would be long past.
        vi.setSystemTime(Date.now() - 3_600_000);
        await queue.send('clock', [
          { id: 'later', body: 'later', delaySeconds: 5 },
          { id: 'now', body: 'now' },
        ]);
        const first = await queue.receive('clock');
        const again = await queue.receive('clock');
        const [seconds] = await redis.time();

        expect(first.map((message) => message.body)).toEqual(['now']);
        expect(again).toEqual([]);
        const sentAt = first[0]?.sentAt.getTime() ?? 0;
        expect(Math.abs(sentAt - Number(seconds) * 1000)).toBeLessThan(5_000);
      } finally {
        vi.useRealTimers();
      }
    });

    it('moves a malformed stream entry to the dead-letter queue with its reason and acknowledges it', async () => {
      const { deadLetterQueue } = await queue.createQueue('raw', {
        deadLetter: { queue: 'raw-dlq', maxReceiveCount: 3 },
      });
      const stream = `{${prefix}q:raw}:s`;
      await redis.xadd(stream, '*', 'foo', 'bar');
      await redis.xadd(stream, '*', 'b', 'bad attributes', 'a', 'not json');
      await queue.send('raw', [{ body: 'good' }]);

      const received = await queue.receive('raw', { waitTimeSeconds: 1 });
      await queue.delete(
        'raw',
        received.map((message) => message.receiptHandle),
      );
      const dead = await drain(queue, deadLetterQueue ?? '', 2);

      expect(received.map((message) => message.body)).toEqual(['good']);
      expect(dead.map((message) => readDeadLetterRecord(message)?.reason)).toEqual([
        'malformed_entry',
        'malformed_entry',
      ]);
      expect(JSON.parse(dead[0]?.body ?? '{}')).toEqual({ foo: 'bar' });
      expect(readDeadLetterRecord(dead[1] as ReceivedMessage)).toMatchObject({
        error_code: 'MALFORMED_ENTRY',
        source_queue: 'raw',
        error_message: expect.stringMatching(/attributes/),
      });
      expect(await redis.xlen(stream)).toBe(0);
      expect(await redis.xpending(stream, 'baltra')).toEqual([0, null, null, null]);
    });

    it('acknowledges a malformed entry of a queue without a dead-letter queue and keeps receiving', async () => {
      await queue.createQueue('raw-alone');
      const stream = `{${prefix}q:raw-alone}:s`;
      await redis.xadd(stream, '*', 'foo', 'bar');
      await queue.send('raw-alone', [{ body: 'good' }]);

      const received = await queue.receive('raw-alone');

      expect(received.map((message) => message.body)).toEqual(['good']);
      // Kept for whoever looks (XRANGE), but never delivered again.
      expect((await redis.xpending(stream, 'baltra'))[0]).toBe(1);
      expect((await queue.peek('raw-alone')).map((entry) => entry.body)).toEqual(['', 'good']);
    });

    it('records why a message was moved to the dead-letter queue, beside its own attributes', async () => {
      await queue.createQueue('poison', {
        visibilityTimeoutSeconds: 30,
        deadLetter: { queue: 'poison-dlq', maxReceiveCount: 1 },
      });
      await queue.send('poison', [{ body: 'poison', attributes: { tenant: 'acme' } }]);
      const first = await queue.receive('poison');
      await queue.changeVisibility('poison', [
        { receiptHandle: first[0]?.receiptHandle ?? '', timeoutSeconds: 0 },
      ]);

      const again = await queue.receive('poison');
      const [entry] = await queue.peek('poison-dlq');

      expect(again).toEqual([]);
      expect(entry).toMatchObject({
        body: 'poison',
        messageId: first[0]?.messageId,
        attributes: { tenant: 'acme' },
        deadLetter: {
          reason: 'max_receives_exceeded',
          error_code: 'MAX_RECEIVES_EXCEEDED',
          source_queue: 'poison',
          message_id: first[0]?.messageId,
          receive_count: 1,
        },
      });
      expect(Number.isNaN(Date.parse(entry?.deadLetter?.dead_lettered_at ?? ''))).toBe(false);
      expect(
        Math.abs(Date.parse(entry?.deadLetter?.dead_lettered_at ?? '') - Date.now()),
      ).toBeLessThan(60_000);
    });

    it('deduplicates FIFO messages by body only on queues created with contentBasedDeduplication', async () => {
      await queue.createQueue('content.fifo', { contentBasedDeduplication: true });
      await queue.createQueue('ids.fifo');

      const first = await queue.send('content.fifo', [{ body: 'same', groupId: 'g' }]);
      const second = await queue.send('content.fifo', [{ body: 'same', groupId: 'g' }]);
      const refused = await queue.send('ids.fifo', [{ id: 'no-id', body: 'x', groupId: 'g' }]);
      const received = await queue.receive('content.fifo');

      expect(second.sent[0]?.messageId).toBe(first.sent[0]?.messageId);
      expect(received.map((message) => message.body)).toEqual(['same']);
      expect(refused.failed).toEqual([
        expect.objectContaining({ id: 'no-id', code: 'InvalidParameterValue', retryable: false }),
      ]);
    });

    it('creates queues idempotently, brings attributes in line and refuses a change of type', async () => {
      const created = await ensureRedisQueue(redis, 'ensured', { keyPrefix: prefix });
      const again = await ensureRedisQueue(redis, 'ensured', {
        keyPrefix: prefix,
        visibilityTimeoutSeconds: 1,
      });
      await queue.send('ensured', [{ body: 'short' }]);
      const [first] = await queue.receive('ensured');
      const redelivered = await drainOnce(queue, 'ensured');

      expect(created).toEqual({ created: true });
      expect(again).toEqual({ created: false });
      expect(redelivered?.messageId).toBe(first?.messageId);
      await expect(
        ensureRedisQueue(redis, 'ensured', { keyPrefix: prefix, fifo: true }),
      ).rejects.toThrow(RangeError);
      await redis.hset(`{${prefix}q:typed.fifo}:meta`, 'fifo', '0', 'vis', '30000');
      await expect(
        ensureRedisQueue(redis, 'typed.fifo', { keyPrefix: prefix }),
      ).rejects.toMatchObject({ code: 'QUEUE_ALREADY_EXISTS' });
      await expect(
        ensureRedisQueue(redis, 'self', {
          keyPrefix: prefix,
          deadLetter: { queue: 'self', maxReceiveCount: 1 },
        }),
      ).rejects.toThrow(RangeError);
    });

    it('wakes a blocked long poll when a FIFO group frees up or a message is released', async () => {
      await queue.createQueue('wake.fifo');
      await queue.send('wake.fifo', [
        { body: 'a1', groupId: 'a', deduplicationId: 'a1' },
        { body: 'a2', groupId: 'a', deduplicationId: 'a2' },
      ]);
      const [a1] = await queue.receive('wake.fifo', { maxMessages: 1 });

      const polling = queue.receive('wake.fifo', { waitTimeSeconds: 20 });
      await expect.poll(() => blockedClients(redis)).toBeGreaterThan(0);
      const started = Date.now();
      await queue.delete('wake.fifo', [a1?.receiptHandle ?? '']);
      const [a2] = await polling;
      const released = queue.receive('wake.fifo', { waitTimeSeconds: 20 });
      await expect.poll(() => blockedClients(redis)).toBeGreaterThan(0);
      await queue.changeVisibility('wake.fifo', [
        { receiptHandle: a2?.receiptHandle ?? '', timeoutSeconds: 0 },
      ]);
      const [again] = await released;

      expect(a2?.body).toBe('a2');
      expect(again?.body).toBe('a2');
      expect(again?.receiveCount).toBe(2);
      // maxBlockMs is 20 s here: only the wake-up ends these polls this early.
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  describe('on a redis-server of its own', () => {
    it('keeps what was sent and forgets what was deleted across a SIGKILL and restart; in-flight messages come back', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(
        await createRedisClient({
          url: server.url,
          maxRetries: 1,
          commandTimeoutMs: 1_000,
        }),
      );
      const queue = new RedisMessageQueue(redis);
      try {
        await queue.createQueue('jobs', { visibilityTimeoutSeconds: 2 });
        const bodies = Array.from({ length: 20 }, (_, i) => `m${i}`);
        await queue.send(
          'jobs',
          bodies.map((body) => ({ body })),
        );
        const taken = await queue.receive('jobs', { maxMessages: 5 });
        const deleted = taken.slice(0, 3);
        const inFlight = taken.slice(3);
        await queue.delete(
          'jobs',
          deleted.map((message) => message.receiptHandle),
        );

        await server.kill();
        await server.restart();
        await expect.poll(() => redis.ping().catch(() => 'down'), { timeout: 15_000 }).toBe('PONG');
        const after = await drain(queue, 'jobs', 17);
        const left = await queue.receive('jobs', { waitTimeSeconds: 1 });

        const gone = new Set(deleted.map((message) => message.body));
        expect(taken).toHaveLength(5);
        expect(after.map((message) => message.body).sort()).toEqual(
          bodies.filter((body) => !gone.has(body)).sort(),
        );
        expect(
          after
            .filter((message) => inFlight.some((held) => held.messageId === message.messageId))
            .map((message) => message.receiveCount),
        ).toEqual([2, 2]);
        expect(left).toEqual([]);
      } finally {
        queue.close();
        redis.disconnect();
        await server.stop();
      }
    });

    it('sends a batch of any size in one round trip (one script call)', async () => {
      // A server of its own: no other test's SCRIPT FLUSH can force a second call.
      const server = await startRedisServer();
      const redis = asIoRedis(await createRedisClient({ url: server.url }));
      const queue = new RedisMessageQueue(redis);
      const monitor = await redis.monitor();
      try {
        const commands: string[][] = [];
        monitor.on('monitor', (_time: string, args: string[], source: string) => {
          // Commands a script runs show up as source "lua": they are not round trips.
          if (source !== 'lua') commands.push(args);
        });
        const seen = (marker: string) => commands.findIndex((args) => args.includes(marker));
        await queue.createQueue('batch');
        await queue.send('batch', [{ body: 'warm-up' }]);
        await redis.get('start');
        await expect.poll(() => seen('start')).toBeGreaterThanOrEqual(0);

        const outcome = await queue.send(
          'batch',
          Array.from({ length: 25 }, (_, i) => ({
            body: `message ${i}`,
            attributes: { n: String(i) },
            ...(i % 5 === 0 ? { delaySeconds: 1 } : {}),
          })),
        );
        await redis.get('end');
        await expect.poll(() => seen('end')).toBeGreaterThanOrEqual(0);

        expect(outcome.sent).toHaveLength(25);
        const calls = commands.slice(seen('start') + 1, seen('end'));
        expect(calls.map((args) => args[0]?.toLowerCase())).toEqual(['evalsha']);
      } finally {
        monitor.disconnect();
        queue.close();
        await redis.quit();
        await server.stop();
      }
    });

    it('rejects sends and receives while the server is down with a retryable REDIS_UNAVAILABLE, and works again after a restart', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(
        await createRedisClient({
          url: server.url,
          maxRetries: 1,
          commandTimeoutMs: 1_000,
        }),
      );
      const queue = new RedisMessageQueue(redis);
      try {
        await queue.createQueue('down');
        await server.kill();

        const sending = await queue.send('down', [{ body: 'x' }]).catch((error: unknown) => error);
        const receiving = await queue
          .receive('down', { waitTimeSeconds: 1 })
          .catch((error: unknown) => error);
        await server.restart();
        await expect
          .poll(() => queue.send('down', [{ body: 'back' }]).catch(() => 'down'), {
            timeout: 15_000,
          })
          .not.toBe('down');
        const [back] = await queue.receive('down', { waitTimeSeconds: 1 });

        for (const error of [sending, receiving]) {
          expect(error).toBeInstanceOf(RedisError);
          expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
        }
        expect(back?.body).toBe('back');
      } finally {
        queue.close();
        redis.disconnect();
        await server.stop();
      }
    });

    it('ends an aborted long poll at once with [] and leaves no blocked client; close() ends the others', async () => {
      const server = await startRedisServer();
      const redis = asIoRedis(await createRedisClient({ url: server.url }));
      const queue = new RedisMessageQueue(redis, { maxBlockMs: 20_000 });
      try {
        await queue.createQueue('idle');
        const controller = new AbortController();
        const polling = queue.receive('idle', { waitTimeSeconds: 20, signal: controller.signal });
        await expect.poll(() => blockedClients(redis)).toBe(1);

        const started = Date.now();
        controller.abort();
        const received = await polling;
        const abortedAfterMs = Date.now() - started;
        await expect.poll(() => blockedClients(redis), { timeout: 5_000 }).toBe(0);

        const closing = queue.receive('idle', { waitTimeSeconds: 20 });
        await expect.poll(() => blockedClients(redis)).toBe(1);
        queue.close();
        const closed = await closing;
        await expect.poll(() => blockedClients(redis), { timeout: 5_000 }).toBe(0);
        await expect
          .poll(async () => String(await redis.client('LIST')).includes('long-poll'), {
            timeout: 5_000,
          })
          .toBe(false);

        expect(received).toEqual([]);
        expect(abortedAfterMs).toBeLessThan(5_000);
        expect(closed).toEqual([]);
        expect(await queue.receive('idle', { waitTimeSeconds: 20 })).toEqual([]);
      } finally {
        queue.close();
        await redis.quit();
        await server.stop();
      }
    });
  });
});
