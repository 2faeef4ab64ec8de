import type { MessageQueue } from '@baltra/sdk';
import {
  anEvent,
  InMemoryLockManager,
  InMemoryMessageQueue,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { OutboxRelay } from '@baltra/sdk/worker';
import { afterEach, describe, expect, it } from 'vitest';

describe('OutboxRelay', () => {
  let queue = new InMemoryMessageQueue({ queues: { events: {}, 'events.fifo': {} } });
  afterEach(() => {
    queue.close();
    queue = new InMemoryMessageQueue({ queues: { events: {}, 'events.fifo': {} } });
  });

  async function seed(uow: InMemoryUnitOfWork, aggregates: string[]) {
    await uow.run(({ outbox }) =>
      outbox.append(aggregates.map((aggregateId) => anEvent({ aggregateId }))),
    );
  }

  it('publishes committed events in order and marks them published', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    await seed(uow, ['a', 'b', 'a', 'c']);
    const relay = new OutboxRelay({ unitOfWork: uow, queue, destination: 'events.fifo' });

    // Act
    const round = await relay.relayOnce();
    const again = await relay.relayOnce();

    // Assess
    expect(round).toEqual({ published: 4, heldBack: 0, skipped: false });
    expect(again.published).toBe(0);
    const messages = queue.drain('events.fifo');
    expect(messages.map((m) => m.groupId)).toEqual(['a', 'b', 'a', 'c']);
    const bodies = messages.map((m) => JSON.parse(m.body));
    expect(bodies.map((b) => b.sequence)).toEqual(
      [...bodies.map((b) => b.sequence)].sort((x, y) => x - y),
    );
    expect(bodies[0]).toMatchObject({ event_type: 'candidate.applied', aggregate_id: 'a' });
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toEqual([]);
  });

  it('holds back the later events of an aggregate whose event failed to send, and loses nothing', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    await seed(uow, ['a', 'b', 'a', 'b']);
    let failFirst = true;
    const flaky: MessageQueue = {
      ...queue,
      send: async (name, messages) => {
        if (!failFirst) return queue.send(name, messages);
        failFirst = false;
        const [first, ...rest] = messages;
        const outcome = await queue.send(name, rest);
        return {
          sent: outcome.sent,
          failed: [
            { id: first?.id ?? '0', code: 'InternalError', message: 'boom', retryable: true },
          ],
        };
      },
      receive: queue.receive.bind(queue),
      delete: queue.delete.bind(queue),
      changeVisibility: queue.changeVisibility.bind(queue),
    };
    const relay = new OutboxRelay({ unitOfWork: uow, queue: flaky, destination: 'events' });

    // Act
    const first = await relay.relayOnce();
    const second = await relay.relayOnce();

    // Assess: the later 'a' event was sent in the same call, so it counts as published; the
    // failed one is retried next round (at least once, consumers de-duplicate by event id).
    expect(first.heldBack).toBe(1);
    expect(second.published).toBe(1);
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toEqual([]);
    const ids = queue.drain('events').map((m) => JSON.parse(m.body).event_id);
    expect(new Set(ids).size).toBe(4);
  });

  it('loses nothing when the queue fails outright between commit and publish', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    await seed(uow, ['a', 'b']);
    const down: MessageQueue = {
      send: async () => {
        throw new Error('connection reset');
      },
      receive: queue.receive.bind(queue),
      delete: queue.delete.bind(queue),
      changeVisibility: queue.changeVisibility.bind(queue),
    };

    // Act
    await expect(
      new OutboxRelay({ unitOfWork: uow, queue: down, destination: 'events' }).relayOnce(),
    ).rejects.toThrow('connection reset');
    const pendingAfterCrash = await uow.run(({ outbox }) => outbox.pending(10));
    const recovered = await new OutboxRelay({
      unitOfWork: uow,
      queue,
      destination: 'events',
    }).relayOnce();

    // Assess
    expect(pendingAfterCrash).toHaveLength(2);
    expect(recovered.published).toBe(2);
    expect(queue.depth('events').total).toBe(2);
  });

  it('skips its round while another relay holds the lock', async () => {
    // Prepare
    const uow = new InMemoryUnitOfWork();
    await seed(uow, ['a']);
    const locks = new InMemoryLockManager();
    const relay = new OutboxRelay({
      unitOfWork: uow,
      queue,
      destination: 'events',
      lockManager: locks,
    });
    const held = await locks.acquire('baltra:outbox-relay');

    // Act
    const skipped = await relay.relayOnce();
    await held.release();
    const ran = await relay.relayOnce();

    // Assess
    expect(skipped).toEqual({ published: 0, heldBack: 0, skipped: true });
    expect(ran.published).toBe(1);
  });

  it('runs in the background until stopped', async () => {
    const uow = new InMemoryUnitOfWork();
    await seed(uow, ['a', 'b']);
    const relay = new OutboxRelay({
      unitOfWork: uow,
      queue,
      destination: 'events',
      idleDelayMs: 10,
    }).start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await relay.stop();
    expect(queue.depth('events').total).toBe(2);
  });
});
