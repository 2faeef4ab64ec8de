import type { ReceivedMessage } from '@baltra/sdk/sqs';
import { describe, expect, it } from 'vitest';
import { type ReadAheadCalls, ReceiveReadAhead } from '../../src/infra/sqs/receive-read-ahead.js';
import { eventually } from '../support/eventually.js';

/** A fake queue whose polls the test answers one by one. */
function fakeCalls() {
  let next = 0;
  const polls: {
    readonly maxMessages: number;
    readonly signal: AbortSignal;
    answer(count: number): void;
    fail(error: Error): void;
  }[] = [];
  const released: string[] = [];
  const calls: ReadAheadCalls = {
    poll(maxMessages, signal) {
      return new Promise<ReceivedMessage[]>((resolve, reject) => {
        polls.push({
          maxMessages,
          signal,
          answer(count) {
            resolve(
              Array.from({ length: Math.min(count, maxMessages) }, () => message(`m${next++}`)),
            );
          },
          fail: reject,
        });
        signal.addEventListener('abort', () => resolve([]), { once: true });
      });
    },
    async release(handles) {
      released.push(...handles);
    },
  };
  return { calls, polls, released };
}

function message(id: string): ReceivedMessage {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: id,
    receiveCount: 1,
    sentAt: new Date(0),
    attributes: {},
  };
}

const ids = (messages: readonly ReceivedMessage[]) => messages.map((entry) => entry.messageId);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReceiveReadAhead', () => {
  it('at level 1 makes one poll of the consumer’s size per receive and reads nothing ahead', async () => {
    const { calls, polls } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 60_000 });
    const first = ahead.receive(4, undefined);
    await settle();
    expect(polls.map((poll) => poll.maxMessages)).toEqual([4]);
    polls[0]?.answer(10);
    expect(ids(await first)).toEqual(['m0', 'm1', 'm2', 'm3']);
    await settle();
    expect(polls).toHaveLength(1);
    expect(ahead.currentLevel).toBe(1);
  });

  it('a consumer that keeps up gets more polls in flight, up to the concurrency, each message once', async () => {
    const { calls, polls } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 60_000 });
    const received: string[] = [];
    // Polls answer slowly: one only once the consumer waits for it.
    const receiveNext = async () => {
      let done = false;
      const pending = ahead.receive(10, undefined).finally(() => {
        done = true;
      });
      await settle();
      while (!done) {
        polls.shift()?.answer(10);
        await settle();
      }
      received.push(...ids(await pending));
      expect(polls.length).toBeLessThanOrEqual(ahead.currentLevel);
    };
    await receiveNext(); // level 1
    await receiveNext(); // back at once with nothing buffered: level 2
    expect(ahead.currentLevel).toBe(2);
    await receiveNext();
    await receiveNext();
    expect(ahead.currentLevel).toBe(3);
    // Polls ahead within level × 10 messages: never more than 3 in flight or 30 held.
    for (let round = 0; round < 5; round += 1) await receiveNext();
    expect(ahead.currentLevel).toBe(3);
    expect(ahead.buffered).toBeLessThanOrEqual(30);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toHaveLength(90);
  });

  it('never holds more than level × 10 messages or level polls', async () => {
    const { calls, polls } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 2, holdMs: 60_000 });
    let pending = ahead.receive(10, undefined);
    await settle();
    polls.shift()?.answer(10);
    await pending;
    pending = ahead.receive(10, undefined); // level 2: its own poll and one ahead
    await settle();
    expect(polls).toHaveLength(2);
    for (const poll of polls.splice(0)) poll.answer(10);
    expect(await pending).toHaveLength(10);
    await settle();
    // 10 buffered, no room for another poll of 10 beyond 2 × 10.
    expect(ahead.buffered).toBe(10);
    expect(polls).toHaveLength(1);
    expect(await ahead.receive(3, undefined)).toHaveLength(3);
    expect(polls).toHaveLength(1);
  });

  it('releases what waited holdMs untaken and falls back to level 1', async () => {
    const { calls, polls, released } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 40 });
    let pending = ahead.receive(10, undefined);
    await settle();
    polls.shift()?.answer(10);
    await pending;
    pending = ahead.receive(2, undefined); // back at once: level 2, one poll ahead
    await settle();
    for (const poll of polls.splice(0)) poll.answer(10);
    const taken = ids(await pending);
    expect(ahead.currentLevel).toBe(2);
    // The consumer goes away: what it did not take comes back to the queue.
    expect(taken).toHaveLength(2);
    await eventually(() => released.length === 10);
    expect(ahead.buffered).toBe(0);
    expect(ahead.currentLevel).toBe(1);
    expect(new Set([...taken.map((id) => `rh-${id}`), ...released]).size).toBe(12);
  });

  it('an aborted signal aborts the polls ahead and releases what is buffered', async () => {
    const { calls, polls, released } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 2, holdMs: 60_000 });
    const controller = new AbortController();
    let pending = ahead.receive(10, controller.signal);
    await settle();
    polls.shift()?.answer(10);
    await pending;
    pending = ahead.receive(5, controller.signal); // back at once: level 2
    await settle();
    for (const poll of polls.splice(0)) poll.answer(10);
    expect(await pending).toHaveLength(5);
    await settle();
    expect(ahead.buffered).toBe(10);
    const inFlight = polls.splice(0);
    expect(inFlight.length).toBe(1);
    controller.abort();
    await eventually(() => released.length === 10);
    expect(inFlight.every((poll) => poll.signal.aborted)).toBe(true);
    expect(await ahead.receive(10, controller.signal)).toEqual([]);
  });

  it('a consumer waiting on a failed poll gets its error; the next receive polls again', async () => {
    const { calls, polls } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 60_000 });
    const pending = ahead.receive(10, undefined);
    await settle();
    polls.shift()?.fail(new Error('queue unavailable'));
    await expect(pending).rejects.toThrow('queue unavailable');
    const again = ahead.receive(10, undefined);
    await settle();
    polls.shift()?.answer(2);
    expect(await again).toHaveLength(2);
  });

  it('an empty long poll drops a level', async () => {
    const { calls, polls } = fakeCalls();
    const ahead = new ReceiveReadAhead(calls, { concurrency: 3, holdMs: 60_000 });
    let pending = ahead.receive(10, undefined);
    await settle();
    polls.shift()?.answer(10);
    await pending;
    pending = ahead.receive(10, undefined);
    await settle();
    expect(ahead.currentLevel).toBe(2);
    for (const poll of polls.splice(0)) poll.answer(0);
    expect(await pending).toEqual([]);
    expect(ahead.currentLevel).toBe(1);
  });
});
