import {
  expectBaltraError,
  InMemoryMessageQueue,
  type MessageQueueHarness,
  messageQueueContract,
} from '@baltra/sdk/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const api = { describe, it, beforeAll, afterAll };

messageQueueContract(
  'in-memory',
  async (): Promise<MessageQueueHarness> => {
    const queue = new InMemoryMessageQueue();
    let n = 0;
    return {
      queue,
      rejectsStaleReceiptHandles: true,
      async createQueue({ fifo = false, visibilityTimeoutSeconds, deadLetter }) {
        n += 1;
        const suffix = fifo ? '.fifo' : '';
        const name = `contract-${n}${suffix}`;
        const dlq = deadLetter && `contract-${n}-dlq${suffix}`;
        queue.createQueue(name, {
          visibilityTimeoutSeconds,
          ...(dlq && deadLetter
            ? { deadLetter: { queue: dlq, maxReceiveCount: deadLetter.maxReceiveCount } }
            : {}),
        });
        return { name, ...(dlq ? { deadLetterQueue: dlq } : {}) };
      },
      async close() {
        queue.close();
      },
    };
  },
  api,
);

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('InMemoryMessageQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redelivers after the visibility timeout of the clock, and only the latest handle counts', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({
      clock,
      queues: { jobs: { visibilityTimeoutSeconds: 10 } },
    });
    await queue.send('jobs', [{ body: 'x' }]);

    const [first] = await queue.receive('jobs');
    clock.advance(9_999);
    const stillHidden = await queue.receive('jobs');
    clock.advance(1);
    const [second] = await queue.receive('jobs');
    const stale = await queue.changeVisibility('jobs', [
      { receiptHandle: first?.receiptHandle ?? '', timeoutSeconds: 60 },
    ]);

    expect(stillHidden).toEqual([]);
    expect(second?.receiveCount).toBe(2);
    expect(stale.failed).toEqual([
      expect.objectContaining({ id: first?.receiptHandle, code: 'ReceiptHandleIsInvalid' }),
    ]);
    expect(queue.depth('jobs')).toEqual({ visible: 0, inFlight: 1, delayed: 0, total: 1 });
  });

  it('reports a duplicate FIFO send with the original message id, within 5 minutes only', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({ clock, queues: { 'orders.fifo': {} } });
    const message = { body: 'o-1', groupId: 'acme', deduplicationId: 'o-1' };

    const first = await queue.send('orders.fifo', [message]);
    const [received] = await queue.receive('orders.fifo');
    await queue.delete('orders.fifo', [received?.receiptHandle ?? '']);
    clock.advance(4 * 60_000);
    const duplicate = await queue.send('orders.fifo', [message]);
    const whileDeduplicated = queue.depth('orders.fifo').total;
    clock.advance(60_000);
    const afterWindow = await queue.send('orders.fifo', [message]);

    expect(duplicate.sent[0]?.messageId).toBe(first.sent[0]?.messageId);
    expect(whileDeduplicated).toBe(0);
    expect(afterWindow.sent[0]?.messageId).not.toBe(first.sent[0]?.messageId);
    expect(queue.depth('orders.fifo').total).toBe(1);
  });

  it('deduplicates FIFO messages by content when the queue says so, and refuses them otherwise', async () => {
    const queue = new InMemoryMessageQueue({
      queues: { 'a.fifo': { contentBasedDeduplication: true }, 'b.fifo': {} },
    });

    const content = await queue.send('a.fifo', [
      { body: 'same', groupId: 'g' },
      { body: 'same', groupId: 'g' },
    ]);
    const refused = await queue.send('b.fifo', [
      { body: 'no dedup id', groupId: 'g' },
      { body: 'no group', deduplicationId: 'd' },
      { body: 'delayed', groupId: 'g', deduplicationId: 'e', delaySeconds: 5 },
    ]);

    expect(content.sent).toHaveLength(2);
    expect(queue.depth('a.fifo').total).toBe(1);
    expect(refused.failed.map((entry) => [entry.id, entry.code])).toEqual([
      ['0', 'InvalidParameterValue'],
      ['1', 'MissingParameter'],
      ['2', 'InvalidParameterValue'],
    ]);
  });

  it('refuses bodies and attributes SQS would refuse, as failed entries', async () => {
    const queue = new InMemoryMessageQueue({ queues: { q: { maxMessageBytes: 1_000 } } });

    const outcome = await queue.send('q', [
      { id: 'empty', body: '' },
      { id: 'control', body: 'bell \u0007' },
      { id: 'surrogate', body: 'half \uD800' },
      { id: 'big', body: 'x'.repeat(1_001) },
      { id: 'attr-name', body: 'x', attributes: { 'AWS.trace': 'x' } },
      { id: 'attr-empty', body: 'x', attributes: { a: '' } },
      { id: 'ok', body: 'tab\tnewline\n emoji 🚀' },
    ]);

    expect(outcome.sent.map((entry) => entry.id)).toEqual(['ok']);
    expect(Object.fromEntries(outcome.failed.map((entry) => [entry.id, entry.code]))).toEqual({
      empty: 'MissingParameter',
      control: 'InvalidMessageContents',
      surrogate: 'InvalidMessageContents',
      big: 'MessageTooLong',
      'attr-name': 'InvalidParameterValue',
      'attr-empty': 'InvalidParameterValue',
    });
  });

  it('keeps typed attributes of its own: binary values are copied on send and on every delivery', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({
      clock,
      queues: { q: { visibilityTimeoutSeconds: 1 } },
    });
    const sentBytes = new Uint8Array([1, 2, 3]);
    await queue.send('q', [
      {
        body: 'x',
        attributes: { tenant: 'acme' },
        typedAttributes: { raw: { dataType: 'Binary.raw', binaryValue: sentBytes } },
      },
    ]);

    sentBytes.fill(0);
    const [first] = await queue.receive('q');
    first?.typedAttributes?.raw?.binaryValue?.fill(9);
    clock.advance(1_000);
    const [second] = await queue.receive('q');
    const [shown] = queue.peek('q');

    expect(first?.attributes).toEqual({ tenant: 'acme' });
    expect(second?.typedAttributes).toEqual({
      tenant: { dataType: 'String', stringValue: 'acme' },
      raw: { dataType: 'Binary.raw', binaryValue: new Uint8Array([1, 2, 3]) },
    });
    expect(second?.typedAttributes?.raw?.binaryValue).not.toBe(
      first?.typedAttributes?.raw?.binaryValue,
    );
    expect(shown?.typedAttributes.raw).toEqual({
      dataType: 'Binary.raw',
      binaryValue: new Uint8Array([1, 2, 3]),
    });
  });

  it('refuses typed attributes SQS would refuse, as InvalidParameterValue entries', async () => {
    const queue = new InMemoryMessageQueue({ queues: { q: {} } });
    const typed = (value: object) => ({ body: 'x', typedAttributes: { a: value as never } });

    const outcome = await queue.send('q', [
      { id: 'type', ...typed({ dataType: 'Text', stringValue: 'x' }) },
      { id: 'suffix', ...typed({ dataType: 'String.', stringValue: 'x' }) },
      { id: 'nan', ...typed({ dataType: 'Number', stringValue: 'twelve' }) },
      { id: 'no-bytes', ...typed({ dataType: 'Binary', stringValue: 'AQI=' }) },
      { id: 'empty-bytes', ...typed({ dataType: 'Binary', binaryValue: new Uint8Array(0) }) },
      { id: 'no-string', ...typed({ dataType: 'String', binaryValue: new Uint8Array(1) }) },
      { id: 'number', ...typed({ dataType: 'Number.float', stringValue: '-1.5e3' }) },
    ]);

    expect(outcome.sent.map((entry) => entry.id)).toEqual(['number']);
    expect(outcome.failed.map((entry) => [entry.id, entry.code, entry.retryable])).toEqual([
      ['type', 'InvalidParameterValue', false],
      ['suffix', 'InvalidParameterValue', false],
      ['nan', 'InvalidParameterValue', false],
      ['no-bytes', 'InvalidParameterValue', false],
      ['empty-bytes', 'InvalidParameterValue', false],
      ['no-string', 'InvalidParameterValue', false],
    ]);
  });

  it('declares SQS limits, takes maxMessageBytes per instance and per queue, and refuses beyond them', async () => {
    const defaults = new InMemoryMessageQueue();
    const queue = new InMemoryMessageQueue({
      maxMessageBytes: 100,
      queues: { small: {}, large: { maxMessageBytes: 200 } },
    });
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v']));

    const small = await queue.send('small', [
      { id: 'fits', body: 'x'.repeat(100) },
      { id: 'over', body: 'x'.repeat(101) },
      { id: 'attributes', body: 'x', attributes },
    ]);
    const large = await queue.send('large', [{ id: 'fits', body: 'x'.repeat(200) }]);

    expect(defaults.limits).toEqual({ maxAttributes: 10, maxMessageBytes: 262_144 });
    expect(queue.limits).toEqual({ maxAttributes: 10, maxMessageBytes: 100 });
    expect(small.sent.map((entry) => entry.id)).toEqual(['fits']);
    expect(small.failed.map((entry) => [entry.id, entry.code, entry.retryable])).toEqual([
      ['over', 'MessageTooLong', false],
      ['attributes', 'TooManyAttributes', false],
    ]);
    expect(large.failed).toEqual([]);
    expect(() => new InMemoryMessageQueue({ maxMessageBytes: 0 })).toThrow(RangeError);
  });

  it('dead-letters after maxReceiveCount, creating the DLQ, keeping body, attributes and count', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({ clock });
    queue.createQueue('work', {
      visibilityTimeoutSeconds: 1,
      deadLetter: { queue: 'work-dlq', maxReceiveCount: 3 },
    });
    await queue.send('work', [
      {
        body: 'poison',
        attributes: { lastError: 'boom' },
        typedAttributes: { trace: { dataType: 'Binary', binaryValue: new Uint8Array([4, 2]) } },
      },
    ]);

    const counts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [message] = await queue.receive('work');
      if (message) counts.push(message.receiveCount);
      clock.advance(1_000);
    }
    const dead = queue.drain('work-dlq');

    expect(counts).toEqual([1, 2, 3]);
    expect(queue.depth('work').total).toBe(0);
    expect(dead).toEqual([
      expect.objectContaining({
        body: 'poison',
        attributes: { lastError: 'boom' },
        typedAttributes: {
          lastError: { dataType: 'String', stringValue: 'boom' },
          trace: { dataType: 'Binary', binaryValue: new Uint8Array([4, 2]) },
        },
        receiveCount: 3,
        state: 'visible',
      }),
    ]);
    expect(queue.depth('work-dlq').total).toBe(0);
  });

  it('shows each state in depth and peek', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({ clock, queues: { q: {} } });
    await queue.send('q', [{ body: 'a' }, { body: 'b' }, { body: 'c', delaySeconds: 5 }]);
    await queue.receive('q', { maxMessages: 1 });

    const depth = queue.depth('q');
    const states = queue
      .peek('q')
      .map((message) => [message.body, message.state])
      .sort();
    clock.advance(5_000);

    expect(depth).toEqual({ visible: 1, inFlight: 1, delayed: 1, total: 3 });
    expect(states).toEqual([
      ['a', 'in_flight'],
      ['b', 'visible'],
      ['c', 'delayed'],
    ]);
    expect(queue.depth('q')).toEqual({ visible: 2, inFlight: 1, delayed: 0, total: 3 });
  });

  it('wakes a long poll when an in-flight message times out or a delayed one is due', async () => {
    vi.useFakeTimers();
    const queue = new InMemoryMessageQueue({ queues: { q: { visibilityTimeoutSeconds: 2 } } });
    await queue.send('q', [{ body: 'a' }, { body: 'later', delaySeconds: 1 }]);
    await queue.receive('q', { maxMessages: 1 });

    const polling = queue.receive('q', { waitTimeSeconds: 20, maxMessages: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    const delayed = await polling;
    const second = queue.receive('q', { waitTimeSeconds: 20 });
    await vi.advanceTimersByTimeAsync(1_000);
    const redelivered = await second;

    expect(delayed.map((message) => message.body)).toEqual(['later']);
    expect(redelivered.map((message) => [message.body, message.receiveCount])).toEqual([['a', 2]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wakes a long poll when the in-flight head of a FIFO group is deleted', async () => {
    const queue = new InMemoryMessageQueue({ queues: { 'q.fifo': {} } });
    await queue.send('q.fifo', [
      { body: '1', groupId: 'g', deduplicationId: '1' },
      { body: '2', groupId: 'g', deduplicationId: '2' },
    ]);
    const [head] = await queue.receive('q.fifo');

    const polling = queue.receive('q.fifo', { waitTimeSeconds: 20 });
    await queue.delete('q.fifo', [head?.receiptHandle ?? '']);
    const next = await polling;

    expect(next.map((message) => message.body)).toEqual(['2']);
  });

  it('checks a manual clock again on poke()', async () => {
    const clock = manualClock();
    const queue = new InMemoryMessageQueue({ clock, queues: { q: {} } });
    await queue.send('q', [{ body: 'later', delaySeconds: 60 }]);

    const polling = queue.receive('q', { waitTimeSeconds: 20 });
    clock.advance(60_000);
    queue.poke();

    expect((await polling).map((message) => message.body)).toEqual(['later']);
    queue.close();
  });

  it('ends pending long polls on close() and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const queue = new InMemoryMessageQueue({ queues: { q: {} } });
    await queue.send('q', [{ body: 'x', delaySeconds: 900 }]);

    const polling = queue.receive('q', { waitTimeSeconds: 20 });
    const timersWhilePolling = vi.getTimerCount();
    queue.close();

    expect(await polling).toEqual([]);
    expect(timersWhilePolling).toBeGreaterThan(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await queue.receive('q', { waitTimeSeconds: 20 })).toEqual([]);
  });

  it('removes an aborted long poll and its timers', async () => {
    vi.useFakeTimers();
    const queue = new InMemoryMessageQueue({ queues: { q: {} } });
    const controller = new AbortController();

    const polling = queue.receive('q', { waitTimeSeconds: 20, signal: controller.signal });
    controller.abort();
    await queue.send('q', [{ body: 'for the next one' }]);

    expect(await polling).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect(queue.depth('q').visible).toBe(1);
  });

  it('validates receive options and queue definitions', async () => {
    const queue = new InMemoryMessageQueue({ queues: { q: {} } });

    await expect(queue.receive('q', { waitTimeSeconds: 21 })).rejects.toThrow(RangeError);
    await expect(queue.receive('q', { visibilityTimeoutSeconds: -1 })).rejects.toThrow(RangeError);
    await expect(
      queue.send('q', [
        { body: 'a', id: 'x' },
        { body: 'b', id: 'x' },
      ]),
    ).rejects.toThrow(RangeError);
    expect(() => queue.createQueue('plain', { fifo: true })).toThrow(RangeError);
    expect(() => queue.createQueue('q', { visibilityTimeoutSeconds: 5 })).toThrow(
      expect.objectContaining({ code: 'QUEUE_ALREADY_EXISTS' }),
    );
    expect(() => queue.createQueue('q')).not.toThrow();
    expect(() => queue.depth('nope')).toThrow(expect.objectContaining({ code: 'QUEUE_NOT_FOUND' }));
    await expectBaltraError(queue.delete('nope', ['x']), 'QUEUE_NOT_FOUND');
  });

  it('keeps FIFO order across groups with one message per group per receive', async () => {
    const queue = new InMemoryMessageQueue({ queues: { 'q.fifo': {} } });
    const messages = ['a1', 'b1', 'a2', 'c1', 'b2'].map((body) => ({
      body,
      groupId: body[0] ?? '',
      deduplicationId: body,
    }));
    await queue.send('q.fifo', messages);

    const batch = await queue.receive('q.fifo');
    await queue.delete(
      'q.fifo',
      batch.map((message) => message.receiptHandle),
    );
    const next = await queue.receive('q.fifo');

    expect(batch.map((message) => message.body)).toEqual(['a1', 'b1', 'c1']);
    expect(next.map((message) => message.body)).toEqual(['a2', 'b2']);
  });

  it('moves 100,000 messages through without slowing down (no scans per operation)', async () => {
    const queue = new InMemoryMessageQueue({ queues: { bulk: { visibilityTimeoutSeconds: 60 } } });
    const total = 100_000;
    for (let i = 0; i < total; i += 10) {
      await queue.send(
        'bulk',
        Array.from({ length: 10 }, (_, j) => ({ body: String(i + j) })),
      );
    }
    let handled = 0;
    for (;;) {
      const batch = await queue.receive('bulk');
      if (batch.length === 0) break;
      await queue.delete(
        'bulk',
        batch.map((message) => message.receiptHandle),
      );
      handled += batch.length;
    }

    expect(handled).toBe(total);
    expect(queue.depth('bulk').total).toBe(0);
  });
});
