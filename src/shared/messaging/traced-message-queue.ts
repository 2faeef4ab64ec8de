import type { Telemetry } from '../telemetry/telemetry.js';
import type { MessageQueue } from './message-queue.js';
import { traceSend } from './trace-send.js';

/** Options of {@link tracedMessageQueue}. */
export interface TracedMessageQueueOptions {
  /** `messaging.system` of the spans; default the queue's `messagingSystem`, else `unknown`. */
  readonly system?: string;
  /** Default: the process-wide telemetry at call time. */
  readonly telemetry?: Telemetry;
}

/**
 * A hand-written {@link MessageQueue} whose sends are traced and carry their creation
 * context, as the SDK's own adapters' sends are (see {@link traceSend}); receive, delete and
 * visibility changes are passed through. Do not wrap `SqsMessageQueue`, `RedisMessageQueue`
 * or `InMemoryMessageQueue`: they trace already, and wrapping them would trace twice.
 *
 * @example
 * ```ts
 * const queue = tracedMessageQueue(new MyKafkaQueue(producer), { system: 'kafka' });
 * await queue.send('leads', [{ body }]); // a `send leads` span; the message carries its traceparent
 * ```
 */
export function tracedMessageQueue(
  queue: MessageQueue,
  options: TracedMessageQueueOptions = {},
): MessageQueue {
  const system = options.system ?? queue.messagingSystem ?? 'unknown';
  return {
    ...(queue.limits === undefined ? {} : { limits: queue.limits }),
    messagingSystem: system,
    send: (name, messages) =>
      traceSend(
        name,
        messages,
        {
          system,
          ...(queue.limits === undefined ? {} : { limits: queue.limits }),
          ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
        },
        (traced) => queue.send(name, traced),
      ),
    receive: (name, receiveOptions) => queue.receive(name, receiveOptions),
    delete: (name, handles) => queue.delete(name, handles),
    changeVisibility: (name, changes) => queue.changeVisibility(name, changes),
  };
}
