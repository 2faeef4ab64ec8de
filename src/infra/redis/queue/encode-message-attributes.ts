import { mergeMessageAttributes } from '../../../shared/messaging/merge-message-attributes.js';
import type { OutgoingMessage } from '../../../shared/messaging/message-queue.js';

/**
 * The attributes of an outgoing message as they are kept in a stream entry (field `a`): JSON
 * of name → `[data type, value]`, Binary values in base64; `''` when there are none. Plain
 * `attributes` become `String` ones and `typedAttributes` win over them.
 *
 * @example
 * ```ts
 * encodeMessageAttributes({ body: '', attributes: { tenant: 'acme' } });
 * // '{"tenant":["String","acme"]}'
 * ```
 */
export function encodeMessageAttributes(
  message: Pick<OutgoingMessage, 'attributes' | 'typedAttributes'>,
): string {
  const merged = Object.entries(mergeMessageAttributes(message));
  if (merged.length === 0) return '';
  const encoded: Record<string, [string, string]> = {};
  for (const [name, value] of merged) {
    encoded[name] =
      value.binaryValue === undefined
        ? [value.dataType, value.stringValue]
        : [value.dataType, Buffer.from(value.binaryValue).toString('base64')];
  }
  return JSON.stringify(encoded);
}
