import assert from 'node:assert/strict';
import type {
  MessageAttributeValue,
  ReceivedMessage,
} from '../../../../shared/messaging/message-queue.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { MessageQueueFixture } from './message-queue-fixture.js';

/** Typed attributes with binary values as plain arrays, so that they compare by content. */
function comparable(
  attributes: ReceivedMessage['typedAttributes'],
): Record<string, { dataType: string; value: string | number[] }> {
  assert.ok(attributes, 'the received message has no typedAttributes');
  const result: Record<string, { dataType: string; value: string | number[] }> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.binaryValue !== undefined) {
      assert.ok(attribute.binaryValue instanceof Uint8Array, `${name} is not a Uint8Array`);
    }
    result[name] = {
      dataType: attribute.dataType,
      value:
        attribute.binaryValue === undefined
          ? attribute.stringValue
          : Array.from(attribute.binaryValue),
    };
  }
  return result;
}

/**
 * Contract cases of message attributes: string `attributes`, `typedAttributes` of the String,
 * Number and Binary types (custom suffixes included) and what a receive shows of them.
 *
 * @example
 * ```ts
 * attributeCases(fixture, api);
 * ```
 */
export function attributeCases(
  fixture: MessageQueueFixture,
  { describe, it }: ContractTestApi,
): void {
  describe('message attributes', () => {
    it('carries string attributes next to the body', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const attributes = { tenant: 'acme', 'trace-id': 'abc-123', note: 'ñandú ✓ 🚀' };

      await fixture.queue.send(name, [{ body: 'with attributes', attributes }]);
      const message = await fixture.receiveOne(name);

      assert.deepEqual({ ...message.attributes }, attributes);
      assert.deepEqual(comparable(message.typedAttributes), {
        tenant: { dataType: 'String', value: 'acme' },
        'trace-id': { dataType: 'String', value: 'abc-123' },
        note: { dataType: 'String', value: 'ñandú ✓ 🚀' },
      });
    });

    it('round-trips String, Number and Binary attributes with their data types', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });

      const outcome = await fixture.queue.send(name, [
        {
          body: 'typed',
          attributes: { plain: 'x', shadowed: 'the plain value' },
          typedAttributes: {
            text: { dataType: 'String', stringValue: 'ñandú ✓' },
            count: { dataType: 'Number', stringValue: '42.5' },
            bytes: { dataType: 'Binary', binaryValue: new Uint8Array([0, 1, 2, 254, 255]) },
            shadowed: { dataType: 'Number', stringValue: '7' },
          },
        },
      ]);
      const message = await fixture.receiveOne(name);

      assert.deepEqual(outcome.failed, []);
      assert.deepEqual(comparable(message.typedAttributes), {
        plain: { dataType: 'String', value: 'x' },
        text: { dataType: 'String', value: 'ñandú ✓' },
        count: { dataType: 'Number', value: '42.5' },
        bytes: { dataType: 'Binary', value: [0, 1, 2, 254, 255] },
        shadowed: { dataType: 'Number', value: '7' },
      });
      assert.deepEqual(
        { ...message.attributes },
        { plain: 'x', text: 'ñandú ✓', count: '42.5', shadowed: '7' },
      );
    });

    it('round-trips custom-suffixed data types', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const typedAttributes: Record<string, MessageAttributeValue> = {
        payload: { dataType: 'String.json', stringValue: '{"a":[1,2]}' },
        retries: { dataType: 'Number.int', stringValue: '-3' },
        archive: { dataType: 'Binary.gzip', binaryValue: new Uint8Array([31, 139, 8, 0]) },
      };

      await fixture.queue.send(name, [{ body: 'custom', typedAttributes }]);
      const message = await fixture.receiveOne(name);

      assert.deepEqual(comparable(message.typedAttributes), {
        payload: { dataType: 'String.json', value: '{"a":[1,2]}' },
        retries: { dataType: 'Number.int', value: '-3' },
        archive: { dataType: 'Binary.gzip', value: [31, 139, 8, 0] },
      });
      assert.deepEqual({ ...message.attributes }, { payload: '{"a":[1,2]}', retries: '-3' });
    });

    it('keeps binary values of its own: the caller changing its array after send changes nothing', async () => {
      const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
      const bytes = new Uint8Array([1, 2, 3]);

      await fixture.queue.send(name, [
        { body: 'binary', typedAttributes: { b: { dataType: 'Binary', binaryValue: bytes } } },
      ]);
      bytes.fill(9);
      const message = await fixture.receiveOne(name);

      assert.deepEqual(comparable(message.typedAttributes).b, {
        dataType: 'Binary',
        value: [1, 2, 3],
      });
    });

    it('keeps typed attributes when a message moves to the dead-letter queue', async () => {
      const { name, deadLetterQueue } = await fixture.createQueue({
        visibilityTimeoutSeconds: 30,
        deadLetter: { maxReceiveCount: 1 },
      });
      assert.ok(deadLetterQueue, 'the harness made no dead-letter queue');
      await fixture.queue.send(name, [
        {
          body: 'poison',
          typedAttributes: {
            attempt: { dataType: 'Number', stringValue: '1' },
            trace: { dataType: 'Binary', binaryValue: new Uint8Array([7, 7]) },
          },
        },
      ]);

      const first = await fixture.receiveOne(name);
      await fixture.queue.changeVisibility(name, [
        { receiptHandle: first.receiptHandle, timeoutSeconds: 0 },
      ]);
      const again = await fixture.queue.receive(name, { waitTimeSeconds: 0 });
      const dead = await fixture.receiveOne(deadLetterQueue);

      assert.deepEqual(again, []);
      assert.deepEqual(comparable(dead.typedAttributes), {
        attempt: { dataType: 'Number', value: '1' },
        trace: { dataType: 'Binary', value: [7, 7] },
      });
    });
  });
}
