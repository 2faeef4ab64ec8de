import type { ContractTestApi } from './contract-test-api.js';
import { attributeCases } from './message-queue/attribute-cases.js';
import { fifoCases } from './message-queue/fifo-cases.js';
import { limitCases } from './message-queue/limit-cases.js';
import { MessageQueueFixture } from './message-queue/message-queue-fixture.js';
import type { MessageQueueHarness } from './message-queue/message-queue-harness.js';
import { receiveCases } from './message-queue/receive-cases.js';
import { redeliveryCases } from './message-queue/redelivery-cases.js';
import { sendCases } from './message-queue/send-cases.js';

export type {
  ContractQueue,
  ContractQueueSpec,
  MessageQueueHarness,
} from './message-queue/message-queue-harness.js';

/**
 * The behaviour every `MessageQueue` must share (SQS semantics): a send/receive/delete round
 * trip, batches larger than 10 split by the adapter, partial failures reported per entry,
 * redelivery after the visibility timeout with `receiveCount` 2 and a new receipt handle,
 * `changeVisibility(0)` releasing at once, invalid receipt handles failing as entries,
 * redrive to the dead-letter queue after `maxReceiveCount`, `delaySeconds`, FIFO order with
 * one message of a group in flight, FIFO deduplication, string and typed attributes (String,
 * Number, Binary and custom-suffixed data types), the adapter's `limits` (`TooManyAttributes`
 * and `MessageTooLong` failed entries, the rest of the send still going out; skipped for an
 * adapter that declares no limits), long polls that wake on a send, aborted long polls
 * resolving `[]` and `QUEUE_NOT_FOUND` for an unknown queue.
 * Cases wait for real visibility timeouts (1 s), so the suite takes a few seconds.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryMessageQueue, messageQueueContract } from '@baltra/sdk/testing';
 *
 * messageQueueContract('in-memory', async () => {
 *   const queue = new InMemoryMessageQueue();
 *   let n = 0;
 *   return {
 *     queue,
 *     rejectsStaleReceiptHandles: true,
 *     async createQueue({ fifo, visibilityTimeoutSeconds, deadLetter }) {
 *       n += 1;
 *       const suffix = fifo ? '.fifo' : '';
 *       const dlq = deadLetter && `dlq-${n}${suffix}`;
 *       queue.createQueue(`q-${n}${suffix}`, {
 *         visibilityTimeoutSeconds,
 *         ...(dlq ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } } : {}),
 *       });
 *       return { name: `q-${n}${suffix}`, ...(dlq ? { deadLetterQueue: dlq } : {}) };
 *     },
 *     async close() { queue.close(); },
 *   };
 * }, { describe, it, beforeAll, afterAll });
 * ```
 */
export function messageQueueContract(
  adapterName: string,
  setup: () => Promise<MessageQueueHarness>,
  api: ContractTestApi,
): void {
  const { describe, beforeAll, afterAll } = api;
  const fixture = new MessageQueueFixture(setup);

  describe(`${adapterName}: MessageQueue contract`, () => {
    beforeAll(() => fixture.open());
    afterAll(() => fixture.close());

    sendCases(fixture, api);
    receiveCases(fixture, api);
    redeliveryCases(fixture, api);
    fifoCases(fixture, api);
    attributeCases(fixture, api);
    limitCases(fixture, api);
  });
}
