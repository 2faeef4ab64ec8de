import type { MessageAttributeValue, OutgoingMessage } from './message-queue.js';

/**
 * Every attribute of an outgoing message with its data type: `attributes` as `String` ones,
 * then `typedAttributes` over them (same name: the typed one wins). Values are not copied.
 *
 * @example
 * ```ts
 * mergeMessageAttributes({ attributes: { a: 'x' }, typedAttributes: { n: { dataType: 'Number', stringValue: '1' } } });
 * // { a: { dataType: 'String', stringValue: 'x' }, n: { dataType: 'Number', stringValue: '1' } }
 * ```
 */
export function mergeMessageAttributes(
  message: Pick<OutgoingMessage, 'attributes' | 'typedAttributes'>,
): Record<string, MessageAttributeValue> {
  const merged: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.attributes ?? {})) {
    merged[name] = { dataType: 'String', stringValue: value };
  }
  for (const [name, value] of Object.entries(message.typedAttributes ?? {})) {
    merged[name] = value;
  }
  return merged;
}
