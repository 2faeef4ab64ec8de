import { mergeMessageAttributes } from '../../../shared/messaging/merge-message-attributes.js';
import { messageLimitViolation } from '../../../shared/messaging/message-limit-violation.js';
import type {
  MessageAttributeValue,
  MessageQueueLimits,
  OutgoingMessage,
} from '../../../shared/messaging/message-queue.js';
import { isWithin } from './check-range.js';

const MAX_DELAY_SECONDS = 900;
/** The characters SQS accepts in a body (XML 1.0's): anything else is `InvalidMessageContents`. */
const INVALID_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What the checks need to know about the queue a message is sent to. */
export interface SendRules {
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly limits: MessageQueueLimits;
}

/** Why an entry is refused: an SQS code (or one of the limit codes) and a message. */
export interface SendProblem {
  readonly code: string;
  readonly message: string;
}

/**
 * What SQS would refuse in a message, in the order the SQS adapter finds it: its limits first
 * (`TooManyAttributes`, `MessageTooLong`, checked before the message leaves the process), then
 * an empty body (`MissingParameter`), characters outside XML's (`InvalidMessageContents`),
 * invalid attribute names, data types or values, a delay out of 0–900 s, and the FIFO rules
 * (a group id, a deduplication id unless the queue deduplicates by content, no per-message
 * delay).
 *
 * @example
 * ```ts
 * const problem = validateOutgoingMessage(message, { fifo: false, contentBasedDeduplication: false, limits });
 * if (problem) failed.push({ id, ...problem, retryable: false });
 * ```
 */
export function validateOutgoingMessage(
  message: OutgoingMessage,
  rules: SendRules,
): SendProblem | undefined {
  const violation = messageLimitViolation(message, rules.limits);
  if (violation !== undefined) return violation;
  const { body, delaySeconds = 0 } = message;
  if (body.length === 0) {
    return { code: 'MissingParameter', message: 'the message body must not be empty' };
  }
  if (INVALID_CHARACTER.test(body)) {
    return {
      code: 'InvalidMessageContents',
      message: 'the message body contains characters outside the allowed set',
    };
  }
  for (const [name, value] of Object.entries(mergeMessageAttributes(message))) {
    const problem = attributeProblem(name, value);
    if (problem !== undefined) return { code: 'InvalidParameterValue', message: problem };
  }
  if (!isWithin(delaySeconds, 0, MAX_DELAY_SECONDS)) {
    return {
      code: 'InvalidParameterValue',
      message: `DelaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}`,
    };
  }
  return rules.fifo ? fifoProblem(message, rules) : undefined;
}

/** SQS's rules for one message attribute: its name, data type and a value of that type. */
function attributeProblem(name: string, value: MessageAttributeValue): string | undefined {
  if (!ATTRIBUTE_NAME.test(name)) return `the attribute name ${JSON.stringify(name)} is invalid`;
  const type = DATA_TYPE.exec(value.dataType)?.[1];
  if (type === undefined || value.dataType.length > 256) {
    return `the attribute ${name} has an invalid data type ${JSON.stringify(value.dataType)}: String, Number or Binary, with an optional .suffix`;
  }
  if (type === 'Binary') {
    if (!(value.binaryValue instanceof Uint8Array)) {
      return `the Binary attribute ${name} needs a binaryValue`;
    }
    if (value.binaryValue.byteLength === 0) return `the attribute ${name} must not be empty`;
    return undefined;
  }
  if (typeof value.stringValue !== 'string') {
    return `the ${type} attribute ${name} needs a stringValue`;
  }
  if (value.stringValue.length === 0) return `the attribute ${name} must have a non-empty value`;
  if (INVALID_CHARACTER.test(value.stringValue))
    return `the attribute ${name} has invalid characters`;
  if (type === 'Number' && !NUMBER.test(value.stringValue)) {
    return `the Number attribute ${name} is not a number: ${JSON.stringify(value.stringValue)}`;
  }
  return undefined;
}

function fifoProblem(message: OutgoingMessage, rules: SendRules): SendProblem | undefined {
  if (message.groupId === undefined || message.groupId.length === 0) {
    return { code: 'MissingParameter', message: 'FIFO queues need a MessageGroupId' };
  }
  if (message.deduplicationId === undefined && !rules.contentBasedDeduplication) {
    return {
      code: 'InvalidParameterValue',
      message:
        'the queue should either have ContentBasedDeduplication enabled or a MessageDeduplicationId provided',
    };
  }
  if ((message.delaySeconds ?? 0) > 0) {
    return {
      code: 'InvalidParameterValue',
      message: 'DelaySeconds per message is not valid for FIFO queues',
    };
  }
  return undefined;
}
