import assert from 'node:assert/strict';
import type { ContractTestApi } from '../contract-test-api.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/**
 * Contract cases of FIFO queues: order within a group, one message of a group in flight, deduplication.
 *
 * @example
 * ```ts
 * fifoCases(fixture, api);
 * ```
 */
export function fifoCases(fixture: MessageQueueFixture, { describe, it }: ContractTestApi): void {
  describe('FIFO queues', () => {
    it('delivers a FIFO group in order, one message of a group in flight at a time', async () => {
      const { name } = await fixture.createQueue({ fifo: true, visibilityTimeoutSeconds: 30 });
      await fixture.queue.send(
        name,
        ['a1', 'a2', 'a3'].map((body) => ({ body, groupId: 'a', deduplicationId: body })),
      );
      await fixture.queue.send(name, [{ body: 'b1', groupId: 'b', deduplicationId: 'b1' }]);

      const [a1] = await fixture.queue.receive(name, { maxMessages: 1, waitTimeSeconds: 1 });
      const others = await fixture.queue.receive(name, { maxMessages: 10, waitTimeSeconds: 1 });
      const order = [a1?.body];
      let current = a1;
      while (current) {
        await fixture.queue.delete(name, [current.receiptHandle]);
        [current] = await fixture.queue.receive(name, { maxMessages: 1, waitTimeSeconds: 1 });
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
      const { name } = await fixture.createQueue({ fifo: true, visibilityTimeoutSeconds: 30 });

      const first = await fixture.queue.send(name, [
        { body: 'first', groupId: 'g', deduplicationId: 'same' },
      ]);
      const second = await fixture.queue.send(name, [
        { body: 'second', groupId: 'g', deduplicationId: 'same' },
      ]);
      const received = await fixture.queue.receive(name, { waitTimeSeconds: 1 });
      assert.ok(received[0]);
      await fixture.queue.delete(name, [received[0].receiptHandle]);
      const after = await fixture.queue.receive(name, { waitTimeSeconds: 0 });

      assert.deepEqual(first.failed, []);
      assert.deepEqual(second.failed, []);
      assert.equal(second.sent.length, 1);
      assert.deepEqual(
        received.map((message) => message.body),
        ['first'],
      );
      assert.deepEqual(after, []);
    });
  });
}
