import assert from 'node:assert/strict';
import type { MessageQueue, ReceivedMessage } from '../../../../shared/messaging/message-queue.js';
import type {
  ContractQueue,
  ContractQueueSpec,
  MessageQueueHarness,
} from './message-queue-harness.js';

/**
 * The adapter under test and the helpers the message queue contract cases share: a fresh
 * queue per case, receiving until a number of messages arrived, and real sleeps (visibility
 * timeouts and delays are waited for, not faked).
 *
 * @example
 * ```ts
 * const fixture = new MessageQueueFixture(setup);
 * beforeAll(() => fixture.open());
 * const { name } = await fixture.createQueue({ visibilityTimeoutSeconds: 30 });
 * const message = await fixture.receiveOne(name);
 * ```
 */
export class MessageQueueFixture {
  private current: MessageQueueHarness | undefined;

  constructor(private readonly setup: () => Promise<MessageQueueHarness>) {}

  async open(): Promise<void> {
    this.current = await this.setup();
  }

  async close(): Promise<void> {
    await this.current?.close?.();
  }

  get harness(): MessageQueueHarness {
    assert.ok(this.current, 'the message queue harness was not set up');
    return this.current;
  }

  get queue(): MessageQueue {
    return this.harness.queue;
  }

  createQueue(spec: ContractQueueSpec): Promise<ContractQueue> {
    return this.harness.createQueue(spec);
  }

  /** Receives until `count` messages arrived (or `timeoutMs` passed). */
  async receiveCount(name: string, count: number, timeoutMs = 5_000): Promise<ReceivedMessage[]> {
    const received: ReceivedMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < deadline) {
      received.push(
        ...(await this.queue.receive(name, {
          maxMessages: Math.min(10, count - received.length),
          waitTimeSeconds: 1,
        })),
      );
    }
    return received;
  }

  async receiveOne(name: string): Promise<ReceivedMessage> {
    const [message] = await this.receiveCount(name, 1);
    assert.ok(message, `no message arrived on ${name}`);
    return message;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
