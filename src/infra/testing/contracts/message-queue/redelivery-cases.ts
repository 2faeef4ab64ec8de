import assert from 'node:assert/strict';
import type { ContractTestApi } from '../contract-test-api.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/**
 * Contract cases of visibility timeouts, redelivery, receipt handles and the dead-letter queue.
 *
 * @example
 * ```ts
 * redeliveryCases(fixture, api);
 * ```
 */
export function redeliveryCases(
  fixture: MessageQueueFixture,
  { describe, it }: ContractTestApi,
): void {
  describe('visibility and redelivery', () => {
    it('redelivers a message after its visibility timeout with receiveCount 2 and a new receipt handle', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 1 });
      await fixture.queue.send(name, [{ body: 'again' }]);

      const first = await fixture.receiveOne(name);
      const hidden = await fixture.queue.receive(name, { waitTimeSeconds: 0 });
      await fixture.sleep(1_100);
      const second = await fixture.receiveOne(name);

      assert.deepEqual(hidden, []);
      assert.equal(second.messageId, first.messageId);
      assert.equal(second.receiveCount, 2);
      assert.notEqual(second.receiptHandle, first.receiptHandle);
      const deleted = await fixture.queue.delete(name, [second.receiptHandle]);
      assert.deepEqual(deleted.failed, []);
    });

    it('makes a message visible again at once with changeVisibility(0)', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      await fixture.queue.send(name, [{ body: 'release me' }]);
      const first = await fixture.receiveOne(name);

      const changed = await fixture.queue.changeVisibility(name, [
        { receiptHandle: first.receiptHandle, timeoutSeconds: 0 },
      ]);
      const second = await fixture.receiveOne(name);

      assert.deepEqual(changed, { succeeded: [first.receiptHandle], failed: [] });
      assert.equal(second.messageId, first.messageId);
      assert.equal(second.receiveCount, 2);
    });

    it('extends the visibility of a message in flight', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 1 });
      await fixture.queue.send(name, [{ body: 'long job' }]);
      const message = await fixture.receiveOne(name);

      const changed = await fixture.queue.changeVisibility(name, [
        { receiptHandle: message.receiptHandle, timeoutSeconds: 30 },
      ]);
      await fixture.sleep(1_200);
      const during = await fixture.queue.receive(name, { waitTimeSeconds: 0 });

      assert.deepEqual(changed.failed, []);
      assert.deepEqual(during, []);
    });

    it('fails an invalid receipt handle as an entry and processes the others', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      await fixture.queue.send(name, [{ body: 'one' }, { body: 'two' }]);
      const [one, two] = await fixture.receiveCount(name, 2);
      assert.ok(one && two);
      const bogus = `${one.receiptHandle.slice(0, 8)}-not-a-receipt-handle`;

      const changed = await fixture.queue.changeVisibility(name, [
        { receiptHandle: bogus, timeoutSeconds: 10 },
        { receiptHandle: two.receiptHandle, timeoutSeconds: 10 },
      ]);
      const deleted = await fixture.queue.delete(name, [one.receiptHandle, bogus]);

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
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      await fixture.queue.send(name, [{ body: 'twice' }]);
      const first = await fixture.receiveOne(name);
      await fixture.queue.changeVisibility(name, [
        { receiptHandle: first.receiptHandle, timeoutSeconds: 0 },
      ]);
      const second = await fixture.receiveOne(name);

      const stale = await fixture.queue.delete(name, [first.receiptHandle]);
      const latest = await fixture.queue.delete(name, [second.receiptHandle]);
      await fixture.queue.changeVisibility(name, [
        { receiptHandle: second.receiptHandle, timeoutSeconds: 0 },
      ]);
      const after = await fixture.queue.receive(name, { waitTimeSeconds: 0 });

      if (fixture.harness.rejectsStaleReceiptHandles) {
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
      const { name, deadLetterQueue } = await fixture.createQueue({
        visibilityTimeoutSeconds: 30,
        deadLetter: { maxReceiveCount: 2 },
      });
      assert.ok(deadLetterQueue, 'the harness made no dead-letter queue');
      await fixture.queue.send(name, [{ body: 'poison', attributes: { reason: 'handler_error' } }]);

      const counts: number[] = [];
      for (let delivery = 0; delivery < 2; delivery += 1) {
        const message = await fixture.receiveOne(name);
        counts.push(message.receiveCount);
        await fixture.queue.changeVisibility(name, [
          { receiptHandle: message.receiptHandle, timeoutSeconds: 0 },
        ]);
      }
      const third = await fixture.queue.receive(name, { waitTimeSeconds: 0 });
      const dead = await fixture.receiveOne(deadLetterQueue);

      assert.deepEqual(counts, [1, 2]);
      assert.deepEqual(third, []);
      assert.equal(dead.body, 'poison');
      assert.deepEqual(dead.attributes, { reason: 'handler_error' });
      assert.ok(dead.receiveCount >= 1);
    });
  });
}
