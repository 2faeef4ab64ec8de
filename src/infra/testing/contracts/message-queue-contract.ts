import assert from 'node:assert/strict';
import type { MessageQueue, ReceivedMessage } from '../../../shared/messaging/message-queue.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** The queue a contract case asks its harness for. */
export interface ContractQueueSpec {
  readonly fifo?: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** With a dead-letter queue that receives messages after `maxReceiveCount` deliveries. */
  readonly deadLetter?: { readonly maxReceiveCount: number };
}

/** The names (as `MessageQueue` takes them) of a queue made for one case. */
export interface ContractQueue {
  readonly name: string;
  /** Set when the spec asked for a dead-letter queue. */
  readonly deadLetterQueue?: string;
}

/** What the message queue contract needs from an adapter under test. */
export interface MessageQueueHarness {
  readonly queue: MessageQueue;
  /** Creates a fresh, empty queue (and its dead-letter queue) no other case uses. */
  createQueue(spec: ContractQueueSpec): Promise<ContractQueue>;
  /**
   * A name no queue has, for the `QUEUE_NOT_FOUND` case.
   * Defaults to a random name.
   */
  readonly missingQueueName?: string;
  /**
   * Whether a receipt handle of an earlier delivery fails once the message was delivered
   * again. SQS does not promise it (the call may succeed, and may even delete the message);
   * the in-memory queue does.
   */
  readonly rejectsStaleReceiptHandles?: boolean;
  /** Releases clients and timers; called once after the suite. */
  close?(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every `MessageQueue` must share (SQS semantics): a send/receive/delete round
 * trip, batches larger than 10 split by the adapter, partial failures reported per entry,
 * redelivery after the visibility timeout with `receiveCount` 2 and a new receipt handle,
 * `changeVisibility(0)` releasing at once, invalid receipt handles failing as entries,
 * redrive to the dead-letter queue after `maxReceiveCount`, `delaySeconds`, FIFO order with
 * one message of a group in flight, FIFO deduplication, attributes, long polls that wake on
 * a send, aborted long polls resolving `[]` and `QUEUE_NOT_FOUND` for an unknown queue.
 * Cases wait for real visibility timeouts (1 s), so the suite takes a few seconds.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryMessageQueue, messageQueueContract } from '@baltra/sdk/testing';
 *
 * messageQueueContract('in-memory', async () => {
 *   const queue = new InMemoryMessageQueue();
 *   let n = 0;
 *   return {
 *     queue,
 *     rejectsStaleReceiptHandles: true,
 *     async createQueue({ fifo, visibilityTimeoutSeconds, deadLetter }) {
 *       n += 1;
 *       const suffix = fifo ? '.fifo' : '';
 *       const dlq = deadLetter && `dlq-${n}${suffix}`;
 *       queue.createQueue(`q-${n}${suffix}`, {
 *         visibilityTimeoutSeconds,
 *         ...(dlq ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } } : {}),
 *       });
 *       return { name: `q-${n}${suffix}`, ...(dlq ? { deadLetterQueue: dlq } : {}) };
 *     },
 *     async close() { queue.close(); },
 *   };
 * }, { describe, it, beforeAll, afterAll });
 * ```
 */
export function messageQueueContract(
  adapterName: string,
  setup: () => Promise<MessageQueueHarness>,
  { describe, it, beforeAll, afterAll }: ContractTestApi,
): void {
  let harness: MessageQueueHarness | undefined;
  const h = (): MessageQueueHarness => {
    assert.ok(harness, 'the message queue harness was not set up');
    return harness;
  };
  const queue = (): MessageQueue => h().queue;

  /** Receives until `count` messages arrived (or `timeoutMs` passed). */
  async function receiveCount(
    name: string,
    count: number,
    timeoutMs = 5_000,
  ): Promise<ReceivedMessage[]> {
    const received: ReceivedMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < deadline) {
      received.push(
        ...(await queue().receive(name, {
          maxMessages: Math.min(10, count - received.length),
          waitTimeSeconds: 1,
        })),
      );
    }
    return received;
  }

  async function receiveOne(name: string): Promise<ReceivedMessage> {
    const [message] = await receiveCount(name, 1);
    assert.ok(message, `no message arrived on ${name}`);
    return message;
  }

  describe(`${adapterName}: MessageQueue contract`, () => {
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it('sends, receives and deletes a message', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      const before = Date.now();

      const outcome = await queue().send(name, [{ body: '{"hello":"world"}', id: 'only' }]);
      const message = await receiveOne(name);
      const deleted = await queue().delete(name, [message.receiptHandle]);
      const after = await queue().receive(name, { waitTimeSeconds: 0 });

      assert.deepEqual(outcome.failed, []);
      assert.equal(outcome.sent.length, 1);
      assert.equal(outcome.sent[0]?.id, 'only');
      assert.equal(message.messageId, outcome.sent[0]?.messageId);
      assert.equal(message.body, '{"hello":"world"}');
      assert.equal(message.receiveCount, 1);
      assert.deepEqual(message.attributes, {});
      assert.ok(message.sentAt instanceof Date);
      assert.ok(Math.abs(message.sentAt.getTime() - before) < 5_000, 'sentAt is not the send time');
      assert.deepEqual(deleted, { succeeded: [message.receiptHandle], failed: [] });
      assert.deepEqual(after, []);
    });

    it('splits batches larger than 10 and maps outcomes back to the caller ids', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      const bodies = Array.from({ length: 25 }, (_, i) => `message ${i}`);

      const outcome = await queue().send(
        name,
        bodies.map((body, i) => ({ body, id: `entry-${i}` })),
      );
      const received = await receiveCount(name, 25);
      const deleted = await queue().delete(
        name,
        received.map((message) => message.receiptHandle),
      );

      assert.deepEqual(outcome.failed, []);
      assert.deepEqual(
        outcome.sent.map((entry) => entry.id).sort(),
        bodies.map((_, i) => `entry-${i}`).sort(),
      );
      assert.equal(new Set(outcome.sent.map((entry) => entry.messageId)).size, 25);
      assert.deepEqual(received.map((message) => message.body).sort(), [...bodies].sort());
      assert.equal(deleted.succeeded.length, 25);
      assert.deepEqual(deleted.failed, []);
    });

    it('defaults entry ids to their index', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });

      const outcome = await queue().send(name, [{ body: 'a' }, { body: 'b' }]);

      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['0', '1']);
    });

    it('reports an entry the queue refuses as failed and sends the others', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });

      const outcome = await queue().send(name, [
        { body: 'good 1', id: 'a' },
        { body: 'too late', id: 'b', delaySeconds: 1_800 },
        { body: 'good 2', id: 'c' },
      ]);
      const received = await receiveCount(name, 2);

      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['a', 'c']);
      assert.equal(outcome.failed.length, 1);
      assert.equal(outcome.failed[0]?.id, 'b');
      assert.equal(outcome.failed[0]?.retryable, false);
      assert.ok((outcome.failed[0]?.code ?? '').length > 0);
      assert.deepEqual(received.map((message) => message.body).sort(), ['good 1', 'good 2']);
    });

    it('redelivers a message after its visibility timeout with receiveCount 2 and a new receipt handle', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 1 });
      await queue().send(name, [{ body: 'again' }]);

      const first = await receiveOne(name);
      const hidden = await queue().receive(name, { waitTimeSeconds: 0 });
      await sleep(1_100);
      const second = await receiveOne(name);

      assert.deepEqual(hidden, []);
      assert.equal(second.messageId, first.messageId);
      assert.equal(second.receiveCount, 2);
      assert.notEqual(second.receiptHandle, first.receiptHandle);
      const deleted = await queue().delete(name, [second.receiptHandle]);
      assert.deepEqual(deleted.failed, []);
    });

    it('makes a message visible again at once with changeVisibility(0)', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      await queue().send(name, [{ body: 'release me' }]);
      const first = await receiveOne(name);

      const changed = await queue().changeVisibility(name, [
        { receiptHandle: first.receiptHandle, timeoutSeconds: 0 },
      ]);
      const second = await receiveOne(name);

      assert.deepEqual(changed, { succeeded: [first.receiptHandle], failed: [] });
      assert.equal(second.messageId, first.messageId);
      assert.equal(second.receiveCount, 2);
    });

    it('extends the visibility of a message in flight', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 1 });
      await queue().send(name, [{ body: 'long job' }]);
      const message = await receiveOne(name);

      const changed = await queue().changeVisibility(name, [
        { receiptHandle: message.receiptHandle, timeoutSeconds: 30 },
      ]);
      await sleep(1_200);
      const during = await queue().receive(name, { waitTimeSeconds: 0 });

      assert.deepEqual(changed.failed, []);
      assert.deepEqual(during, []);
    });

    it('fails an invalid receipt handle as an entry and processes the others', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      await queue().send(name, [{ body: 'one' }, { body: 'two' }]);
      const [one, two] = await receiveCount(name, 2);
      assert.ok(one && two);
      const bogus = `${one.receiptHandle.slice(0, 8)}-not-a-receipt-handle`;

      const changed = await queue().changeVisibility(name, [
        { receiptHandle: bogus, timeoutSeconds: 10 },
        { receiptHandle: two.receiptHandle, timeoutSeconds: 10 },
      ]);
      const deleted = await queue().delete(name, [one.receiptHandle, bogus]);

      assert.deepEqual(changed.succeeded, [two.receiptHandle]);
      assert.deepEqual(
        changed.failed.map((entry) => [entry.id, entry.retryable]),
        [[bogus, false]],
      );
      assert.deepEqual(deleted.succeeded, [one.receiptHandle]);
      assert.deepEqual(
        deleted.failed.map((entry) => [entry.id, entry.retryable]),
        [[bogus, false]],
      );
    });

    it('deletes a redelivered message with its latest receipt handle', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      await queue().send(name, [{ body: 'twice' }]);
      const first = await receiveOne(name);
      await queue().changeVisibility(name, [
        { receiptHandle: first.receiptHandle, timeoutSeconds: 0 },
      ]);
      const second = await receiveOne(name);

      const stale = await queue().delete(name, [first.receiptHandle]);
      const latest = await queue().delete(name, [second.receiptHandle]);
      await queue().changeVisibility(name, [
        { receiptHandle: second.receiptHandle, timeoutSeconds: 0 },
      ]);
      const after = await queue().receive(name, { waitTimeSeconds: 0 });

      if (h().rejectsStaleReceiptHandles) {
        assert.deepEqual(stale.succeeded, []);
        assert.deepEqual(
          stale.failed.map((entry) => entry.id),
          [first.receiptHandle],
        );
      }
      assert.deepEqual(latest.failed, []);
      assert.deepEqual(after, []);
    });

    it('moves a message to the dead-letter queue after maxReceiveCount deliveries', async () => {
      const { name, deadLetterQueue } = await h().createQueue({
        visibilityTimeoutSeconds: 30,
        deadLetter: { maxReceiveCount: 2 },
      });
      assert.ok(deadLetterQueue, 'the harness made no dead-letter queue');
      await queue().send(name, [{ body: 'poison', attributes: { reason: 'handler_error' } }]);

      const counts: number[] = [];
      for (let delivery = 0; delivery < 2; delivery += 1) {
        const message = await receiveOne(name);
        counts.push(message.receiveCount);
        await queue().changeVisibility(name, [
          { receiptHandle: message.receiptHandle, timeoutSeconds: 0 },
        ]);
      }
      const third = await queue().receive(name, { waitTimeSeconds: 0 });
      const dead = await receiveOne(deadLetterQueue);

      assert.deepEqual(counts, [1, 2]);
      assert.deepEqual(third, []);
      assert.equal(dead.body, 'poison');
      assert.deepEqual(dead.attributes, { reason: 'handler_error' });
      assert.ok(dead.receiveCount >= 1);
    });

    it('hides a message for delaySeconds', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });

      await queue().send(name, [{ body: 'later', delaySeconds: 1 }]);
      const early = await queue().receive(name, { waitTimeSeconds: 0 });
      await sleep(1_100);
      const late = await receiveOne(name);

      assert.deepEqual(early, []);
      assert.equal(late.body, 'later');
    });

    it('delivers a FIFO group in order, one message of a group in flight at a time', async () => {
      const { name } = await h().createQueue({ fifo: true, visibilityTimeoutSeconds: 30 });
      await queue().send(
        name,
        ['a1', 'a2', 'a3'].map((body) => ({ body, groupId: 'a', deduplicationId: body })),
      );
      await queue().send(name, [{ body: 'b1', groupId: 'b', deduplicationId: 'b1' }]);

      const [a1] = await queue().receive(name, { maxMessages: 1, waitTimeSeconds: 1 });
      const others = await queue().receive(name, { maxMessages: 10, waitTimeSeconds: 1 });
      const order = [a1?.body];
      let current = a1;
      while (current) {
        await queue().delete(name, [current.receiptHandle]);
        [current] = await queue().receive(name, { maxMessages: 1, waitTimeSeconds: 1 });
        if (current) order.push(current.body);
      }

      assert.equal(a1?.groupId, 'a');
      assert.deepEqual(
        others.map((message) => message.body),
        ['b1'],
      );
      assert.deepEqual(order, ['a1', 'a2', 'a3']);
    });

    it('drops a FIFO message whose deduplication id was seen', async () => {
      const { name } = await h().createQueue({ fifo: true, visibilityTimeoutSeconds: 30 });

      const first = await queue().send(name, [
        { body: 'first', groupId: 'g', deduplicationId: 'same' },
      ]);
      const second = await queue().send(name, [
        { body: 'second', groupId: 'g', deduplicationId: 'same' },
      ]);
      const received = await queue().receive(name, { waitTimeSeconds: 1 });
      assert.ok(received[0]);
      await queue().delete(name, [received[0].receiptHandle]);
      const after = await queue().receive(name, { waitTimeSeconds: 0 });

      assert.deepEqual(first.failed, []);
      assert.deepEqual(second.failed, []);
      assert.equal(second.sent.length, 1);
      assert.deepEqual(
        received.map((message) => message.body),
        ['first'],
      );
      assert.deepEqual(after, []);
    });

    it('carries string attributes next to the body', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      const attributes = { tenant: 'acme', 'trace-id': 'abc-123', note: 'ñandú ✓ 🚀' };

      await queue().send(name, [{ body: 'with attributes', attributes }]);
      const message = await receiveOne(name);

      assert.deepEqual({ ...message.attributes }, attributes);
    });

    it('wakes a long poll as soon as a message is sent', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      const started = Date.now();

      const polling = queue().receive(name, { waitTimeSeconds: 10 });
      await sleep(300);
      await queue().send(name, [{ body: 'wake up' }]);
      const received = await polling;

      assert.deepEqual(
        received.map((message) => message.body),
        ['wake up'],
      );
      assert.ok(Date.now() - started < 5_000, 'the long poll waited for its whole timeout');
    });

    it('resolves an aborted long poll with no messages', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });
      const controller = new AbortController();
      const started = Date.now();

      const polling = queue().receive(name, { waitTimeSeconds: 20, signal: controller.signal });
      await sleep(200);
      controller.abort();
      const received = await polling;
      const alreadyAborted = await queue().receive(name, {
        waitTimeSeconds: 20,
        signal: AbortSignal.abort(),
      });

      assert.deepEqual(received, []);
      assert.deepEqual(alreadyAborted, []);
      assert.ok(Date.now() - started < 5_000, 'the abort did not end the long poll');
    });

    it('refuses more than 10 messages per receive with a RangeError', async () => {
      const { name } = await h().createQueue({ visibilityTimeoutSeconds: 30 });

      await assert.rejects(queue().receive(name, { maxMessages: 11 }), RangeError);
      await assert.rejects(queue().receive(name, { maxMessages: 0 }), RangeError);
    });

    it('fails with QUEUE_NOT_FOUND for a queue that does not exist', async () => {
      const missing = h().missingQueueName ?? `missing-${Math.random().toString(36).slice(2)}`;

      await expectBaltraError(queue().send(missing, [{ body: 'nowhere' }]), 'QUEUE_NOT_FOUND');
      await expectBaltraError(queue().receive(missing), 'QUEUE_NOT_FOUND');
    });
  });
}
