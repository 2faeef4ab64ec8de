import type { BatchOutcome, MessageQueue } from '@baltra/sdk';
import { silentLogger } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';
import { AckBatcher } from '../../src/infra/worker/ack-batcher.js';
import { eventually } from '../support/eventually.js';

/** A queue whose deletes answer only when the test says so. */
function heldDeletes() {
  const deletes: { readonly handles: readonly string[]; answer(): void }[] = [];
  const queue = {
    delete(_queue: string, handles: readonly string[]): Promise<BatchOutcome> {
      return new Promise((resolve) => {
        deletes.push({ handles, answer: () => resolve({ succeeded: [...handles], failed: [] }) });
      });
    },
  } as unknown as MessageQueue;
  return { queue, deletes };
}

const handles = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => `rh-${from + index}`);

describe('AckBatcher', () => {
  it('sends a full batch of 10 at once and a partial one after the linger', async () => {
    const { queue, deletes } = heldDeletes();
    const acks = new AckBatcher(queue, 'q', 1, () => silentLogger);
    for (const handle of handles(0, 13)) acks.add(handle);
    expect(deletes.map((call) => call.handles)).toEqual([handles(0, 10)]);
    deletes[0]?.answer();
    await eventually(() => deletes.length === 2);
    expect(deletes[1]?.handles).toEqual(handles(10, 3));
  });

  it('flush sends everything pending at once, in batches of 10, even with a delete on its way', async () => {
    const { queue, deletes } = heldDeletes();
    const acks = new AckBatcher(queue, 'q', 60_000, () => silentLogger);
    for (const handle of handles(0, 10)) acks.add(handle);
    for (const handle of handles(10, 14)) acks.add(handle);
    const flushed = acks.flush();
    await eventually(() => deletes.length === 3);
    expect(deletes.map((call) => call.handles)).toEqual([
      handles(0, 10),
      handles(10, 10),
      handles(20, 4),
    ]);
    for (const call of deletes) call.answer();
    await flushed;
  });
});
