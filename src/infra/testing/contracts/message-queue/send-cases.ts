import assert from 'node:assert/strict';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/**
 * Contract cases of sending: round trips, batches larger than 10, entry ids, partial failures and unknown queues.
 *
 * @example
 * ```ts
 * sendCases(fixture, api);
 * ```
 */
export function sendCases(fixture: MessageQueueFixture, { describe, it }: ContractTestApi): void {
  describe('MessageQueue.send', () => {
    it('sends, receives and deletes a message', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const before = Date.now();

      const outcome = await fixture.queue.send(name, [{ body: '{"hello":"world"}', id: 'only' }]);
      const message = await fixture.receiveOne(name);
      const deleted = await fixture.queue.delete(name, [message.receiptHandle]);
      const after = await fixture.queue.receive(name, { waitTimeSeconds: 0 });

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
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const bodies = Array.from({ length: 25 }, (_, i) => `message ${i}`);

      const outcome = await fixture.queue.send(
        name,
        bodies.map((body, i) => ({ body, id: `entry-${i}` })),
      );
      const received = await fixture.receiveCount(name, 25);
      const deleted = await fixture.queue.delete(
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
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });

      const outcome = await fixture.queue.send(name, [{ body: 'a' }, { body: 'b' }]);

      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['0', '1']);
    });

    it('reports an entry the queue refuses as failed and sends the others', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });

      const outcome = await fixture.queue.send(name, [
        { body: 'good 1', id: 'a' },
        { body: 'too late', id: 'b', delaySeconds: 1_800 },
        { body: 'good 2', id: 'c' },
      ]);
      const received = await fixture.receiveCount(name, 2);

      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['a', 'c']);
      assert.equal(outcome.failed.length, 1);
      assert.equal(outcome.failed[0]?.id, 'b');
      assert.equal(outcome.failed[0]?.retryable, false);
      assert.ok((outcome.failed[0]?.code ?? '').length > 0);
      assert.deepEqual(received.map((message) => message.body).sort(), ['good 1', 'good 2']);
    });

    it('fails with QUEUE_NOT_FOUND for a queue that does not exist', async () => {
      const missing =
        fixture.harness.missingQueueName ?? `missing-${Math.random().toString(36).slice(2)}`;

      await expectBaltraError(
        fixture.queue.send(missing, [{ body: 'nowhere' }]),
        'QUEUE_NOT_FOUND',
      );
      await expectBaltraError(fixture.queue.receive(missing), 'QUEUE_NOT_FOUND');
    });
  });
}
