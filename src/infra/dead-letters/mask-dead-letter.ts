import type { MessageAttributeValue } from '../../shared/messaging/message-queue.js';
import { maskSensitiveText } from '../../shared/pii/mask-sensitive-text.js';
import { sanitise } from '../../shared/pii/sanitise.js';
import type { DeadLetterRecord } from '../worker/dead-letter-record.js';

const MAX_SHOWN_STRING = 10_000;

/**
 * A dead letter's body for a human: JSON pretty-printed with PII and secrets masked (emails,
 * phones, personal ids, values under secret keys, credentials in URLs, by key and by look),
 * any other text masked by look.
 *
 * @example
 * ```ts
 * maskDeadLetterBody('{"data":{"email":"ana@example.com"}}'); // '{\n  "data": {\n    "email": "***e.com"\n  }\n}'
 * ```
 */
export function maskDeadLetterBody(body: string): {
  readonly body: string;
  readonly json: boolean;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { body: maskSensitiveText(body, { emailStyle: 'tail' }), json: false };
  }
  return {
    body: JSON.stringify(sanitise(parsed, { maxStringLength: MAX_SHOWN_STRING }), null, 2),
    json: true,
  };
}

/**
 * Attributes for a human: String and Number values masked like a body's fields (by name and
 * by look), Binary ones as their size.
 *
 * @example
 * ```ts
 * maskAttributes({ phone: { dataType: 'String', stringValue: '+5215512345678' } }); // { phone: '+52*********78' }
 * ```
 */
export function maskAttributes(
  attributes: Readonly<Record<string, MessageAttributeValue>>,
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    shown[name] =
      value.binaryValue === undefined
        ? maskNamed(name, value.stringValue)
        : `[${value.dataType} ${value.binaryValue.byteLength} bytes]`;
  }
  return shown;
}

/**
 * A record for a human: its error message masked again (older workers wrote it as it was) and
 * its moved attributes' values masked.
 *
 * @example
 * ```ts
 * const shown = maskRecord(record);
 * ```
 */
export function maskRecord(record: DeadLetterRecord): DeadLetterRecord {
  const moved = record.moved_attributes;
  return {
    ...record,
    error_message: maskSensitiveText(record.error_message, { emailStyle: 'tail' }),
    ...(moved && {
      moved_attributes: Object.fromEntries(
        Object.entries(moved).map(([name, value]) => [
          name,
          value.string_value === undefined
            ? value
            : { ...value, string_value: maskNamed(name, value.string_value) },
        ]),
      ),
    }),
  };
}

/** A value masked as it would be under its name in an object. */
function maskNamed(name: string, value: string): string {
  const masked = sanitise({ [name]: value }, { maxStringLength: MAX_SHOWN_STRING });
  return String((masked as Record<string, unknown>)[name]);
}
