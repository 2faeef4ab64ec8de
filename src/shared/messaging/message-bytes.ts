import { mergeMessageAttributes } from './merge-message-attributes.js';
import type { OutgoingMessage } from './message-queue.js';

/**
 * The size of a message as SQS counts it: body + every attribute's name, data type and value
 * (UTF-8; binary as bytes). Plain `attributes` count as `String` ones; a name present in both
 * `attributes` and `typedAttributes` counts once, as its typed value (the one that is sent).
 *
 * @example
 * ```ts
 * messageBytes({ body: 'héllo', attributes: { tenant: 'acme' } }); // 6 + (6 + 6 + 4) = 22
 * if (messageBytes(copy) > (queue.limits ?? SQS_MESSAGE_LIMITS).maxMessageBytes) {
 *   // too large for the broker: trim it before sending
 * }
 * ```
 */
export function messageBytes(
  message: Pick<OutgoingMessage, 'body' | 'attributes' | 'typedAttributes'>,
): number {
  let bytes = Buffer.byteLength(message.body, 'utf8');
  for (const [name, value] of Object.entries(mergeMessageAttributes(message))) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.dataType, 'utf8');
    // `?? ''`: a JavaScript caller may pass neither value; validation reports that, not this.
    bytes +=
      value.binaryValue === undefined
        ? Buffer.byteLength(value.stringValue ?? '', 'utf8')
        : value.binaryValue.byteLength;
  }
  return bytes;
}
