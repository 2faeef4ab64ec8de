import type { MessageAttributeValue } from '../../../shared/messaging/message-queue.js';

const NONE: Readonly<Record<string, never>> = Object.freeze({});

/** The attributes a queue keeps of a message: the string view and the typed ones. */
export interface CopiedAttributes {
  readonly attributes: Readonly<Record<string, string>>;
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
}

/**
 * Copies attributes out of the caller's hands (or into them): frozen records, binary values
 * copied, and the values with a string (String and Number types) also as plain `attributes`.
 * Messages without attributes share one empty record.
 *
 * @example
 * ```ts
 * const { attributes, typedAttributes } = copyAttributes(mergeMessageAttributes(message));
 * ```
 */
export function copyAttributes(
  typed: Readonly<Record<string, MessageAttributeValue>>,
): CopiedAttributes {
  const entries = Object.entries(typed);
  if (entries.length === 0) return { attributes: NONE, typedAttributes: NONE };
  const attributes: Record<string, string> = {};
  const typedAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (value.binaryValue === undefined) {
      attributes[name] = value.stringValue;
      typedAttributes[name] = Object.freeze({
        dataType: value.dataType,
        stringValue: value.stringValue,
      });
    } else {
      typedAttributes[name] = Object.freeze({
        dataType: value.dataType,
        binaryValue: value.binaryValue.slice(),
      });
    }
  }
  return { attributes: Object.freeze(attributes), typedAttributes: Object.freeze(typedAttributes) };
}

/**
 * The typed attributes to hand out: the same (frozen) record unless it holds binary values,
 * which are copied so that a consumer cannot change what the queue keeps.
 *
 * @example
 * ```ts
 * delivery.typedAttributes = handOutTypedAttributes(message.typedAttributes);
 * ```
 */
export function handOutTypedAttributes(
  typed: Readonly<Record<string, MessageAttributeValue>>,
): Readonly<Record<string, MessageAttributeValue>> {
  for (const value of Object.values(typed)) {
    if (value.binaryValue !== undefined) return copyAttributes(typed).typedAttributes;
  }
  return typed;
}
