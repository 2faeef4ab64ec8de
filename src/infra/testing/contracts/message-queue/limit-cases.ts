import assert from 'node:assert/strict';
import { messageBytes } from '../../../../shared/messaging/message-bytes.js';
import type {
  MessageQueueLimits,
  OutgoingMessage,
} from '../../../../shared/messaging/message-queue.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/** `count` attributes named a0, a1 …: the first half plain, the rest typed. */
function manyAttributes(count: number): Pick<OutgoingMessage, 'attributes' | 'typedAttributes'> {
  const attributes: Record<string, string> = {};
  const typedAttributes: Record<string, { dataType: string; stringValue: string }> = {};
  for (let i = 0; i < count; i += 1) {
    if (i < count / 2) attributes[`a${i}`] = String(i);
    else typedAttributes[`a${i}`] = { dataType: 'Number', stringValue: String(i) };
  }
  return { attributes, typedAttributes };
}

/**
 * Contract cases of `MessageQueue.limits`: a message with more attributes than
 * `maxAttributes` is a failed entry `TooManyAttributes`, one larger than `maxMessageBytes`
 * (body plus attribute names, data types and values) a failed entry `MessageTooLong`, both
 * with `retryable: false`, while the other messages of the send go out. An adapter that
 * declares no `limits` passes these cases without being checked.
 *
 * @example
 * ```ts
 * limitCases(fixture, api);
 * ```
 */
export function limitCases(fixture: MessageQueueFixture, { describe, it }: ContractTestApi): void {
  const limitsOf = (): MessageQueueLimits | undefined => fixture.queue.limits;

  describe('MessageQueue.limits', () => {
    it('refuses a message with too many attributes (merged) and sends the others', async () => {
      const limits = limitsOf();
      if (limits === undefined) return;
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const plain = Object.fromEntries(
        Array.from({ length: limits.maxAttributes }, (_, i) => [`a${i}`, String(i)]),
      );
      // A typed attribute named like a plain one replaces it: still `maxAttributes` in all.
      const merged = {
        attributes: plain,
        typedAttributes: { a0: { dataType: 'String', stringValue: 'typed' } },
      };

      const outcome = await fixture.queue.send(name, [
        { id: 'ok-1', body: 'ok 1' },
        { id: 'too-many', body: 'too many', ...manyAttributes(limits.maxAttributes + 1) },
        { id: 'at-limit', body: 'at limit', ...merged },
        { id: 'ok-2', body: 'ok 2' },
      ]);
      const received = await fixture.receiveCount(name, 3);

      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['at-limit', 'ok-1', 'ok-2']);
      assert.deepEqual(
        outcome.failed.map(({ id, code, retryable }) => ({ id, code, retryable })),
        [{ id: 'too-many', code: 'TooManyAttributes', retryable: false }],
      );
      assert.deepEqual(received.map((message) => message.body).sort(), [
        'at limit',
        'ok 1',
        'ok 2',
      ]);
      const atLimitReceived = received.find((message) => message.body === 'at limit');
      assert.equal(
        Object.keys(atLimitReceived?.typedAttributes ?? {}).length,
        limits.maxAttributes,
      );
      assert.equal(atLimitReceived?.attributes.a0, 'typed');
    });

    it('refuses a message over maxMessageBytes, attributes included, and sends the others', async () => {
      const limits = limitsOf();
      if (limits === undefined) return;
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const attributes = { tenant: 'acme' };
      const room = limits.maxMessageBytes - messageBytes({ body: '', attributes });
      const atLimit = { id: 'at-limit', body: 'x'.repeat(room), attributes };
      const over = { id: 'over', body: 'y'.repeat(room + 1), attributes };
      const overByBinary = {
        id: 'over-by-binary',
        body: 'z'.repeat(room - 8),
        typedAttributes: {
          tenant: { dataType: 'String', stringValue: 'acme' },
          b: { dataType: 'Binary', binaryValue: new Uint8Array(2) },
        },
      };

      const outcome = await fixture.queue.send(name, [
        atLimit,
        over,
        overByBinary,
        { id: 'small', body: 'small' },
      ]);
      const received = await fixture.receiveCount(name, 2);

      assert.equal(messageBytes(atLimit), limits.maxMessageBytes);
      assert.equal(messageBytes(overByBinary), limits.maxMessageBytes + 1);
      assert.deepEqual(outcome.sent.map((entry) => entry.id).sort(), ['at-limit', 'small']);
      assert.deepEqual(
        outcome.failed
          .map(({ id, code, retryable }) => ({ id, code, retryable }))
          .sort((a, b) => a.id.localeCompare(b.id)),
        [
          { id: 'over', code: 'MessageTooLong', retryable: false },
          { id: 'over-by-binary', code: 'MessageTooLong', retryable: false },
        ],
      );
      assert.deepEqual(
        received.map((message) => message.body.length).sort((a, b) => a - b),
        [5, room],
      );
    });
  });
}
