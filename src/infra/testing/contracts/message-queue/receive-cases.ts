import assert from 'node:assert/strict';
import type { ContractTestApi } from '../contract-test-api.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/**
 * Contract cases of receiving: delays, long polls that wake on a send, aborted long polls and the batch size.
 *
 * @example
 * ```ts
 * receiveCases(fixture, api);
 * ```
 */
export function receiveCases(
  fixture: MessageQueueFixture,
  { describe, it }: ContractTestApi,
): void {
  describe('MessageQueue.receive', () => {
    it('hides a message for delaySeconds', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });

      await fixture.queue.send(name, [{ body: 'later', delaySeconds: 1 }]);
      const early = await fixture.queue.receive(name, { waitTimeSeconds: 0 });
      await fixture.sleep(1_100);
      const late = await fixture.receiveOne(name);

      assert.deepEqual(early, []);
      assert.equal(late.body, 'later');
    });

    it('wakes a long poll as soon as a message is sent', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const started = Date.now();

      const polling = fixture.queue.receive(name, { waitTimeSeconds: 10 });
      await fixture.sleep(300);
      await fixture.queue.send(name, [{ body: 'wake up' }]);
      const received = await polling;

      assert.deepEqual(
        received.map((message) => message.body),
        ['wake up'],
      );
      assert.ok(Date.now() - started < 5_000, 'the long poll waited for its whole timeout');
    });

    it('resolves an aborted long poll with no messages', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const controller = new AbortController();
      const started = Date.now();

      const polling = fixture.queue.receive(name, {
        waitTimeSeconds: 20,
        signal: controller.signal,
      });
      await fixture.sleep(200);
      controller.abort();
      const received = await polling;
      const alreadyAborted = await fixture.queue.receive(name, {
        waitTimeSeconds: 20,
        signal: AbortSignal.abort(),
      });

      assert.deepEqual(received, []);
      assert.deepEqual(alreadyAborted, []);
      assert.ok(Date.now() - started < 5_000, 'the abort did not end the long poll');
    });

    it('refuses more than 10 messages per receive with a RangeError', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });

      await assert.rejects(fixture.queue.receive(name, { maxMessages: 11 }), RangeError);
      await assert.rejects(fixture.queue.receive(name, { maxMessages: 0 }), RangeError);
    });
  });
}
