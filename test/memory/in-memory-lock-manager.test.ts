import { expectBaltraError, InMemoryLockManager } from '@baltra/sdk/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('InMemoryLockManager', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves waiters strictly in arrival order', async () => {
    const locks = new InMemoryLockManager();
    const holder = await locks.acquire('ingest');
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((label) =>
      locks.acquire('ingest').then(async (lock) => {
        order.push(label);
        await lock.release();
      }),
    );

    await holder.release();
    await Promise.all(waiters);

    expect(order).toEqual(['a', 'b', 'c']);
    expect(locks.heldLocks()).toEqual([]);
  });

  it('leaves no timer behind after a handoff or a timeout', async () => {
    vi.useFakeTimers();
    const locks = new InMemoryLockManager();
    const holder = await locks.acquire('a');
    const handedOver = locks.acquire('a', { timeoutMs: 60_000 });
    const timedOut = locks.acquire('a', { timeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(vi.getTimerCount()).toBe(2);

    await vi.advanceTimersByTimeAsync(1_000);
    await expectBaltraError(
      timedOut.then((e) => Promise.reject(e)),
      'LOCK_TIMEOUT',
    );
    expect(vi.getTimerCount()).toBe(1);
    await holder.release();
    const next = await handedOver;

    expect(vi.getTimerCount()).toBe(0);
    await next.release();
    expect(locks.heldLocks()).toEqual([]);
  });

  it('waits without a timer for an infinite timeout, and rejects a NaN one', async () => {
    vi.useFakeTimers();
    const locks = new InMemoryLockManager();
    const holder = await locks.acquire('a');
    const waiting = locks.acquire('a', { timeoutMs: Number.POSITIVE_INFINITY });

    expect(vi.getTimerCount()).toBe(0);
    await expectBaltraError(locks.acquire('a', { timeoutMs: Number.NaN }), 'VALIDATION_FAILED');
    await holder.release();
    await (await waiting).release();
  });

  it('does nothing when a handle is released after the lock was released by token', async () => {
    const locks = new InMemoryLockManager();
    const lock = await locks.acquire('a');
    await locks.release('a', lock.ownerToken);
    const next = await locks.acquire('a', { timeoutMs: 0 });

    await lock.release();

    expect(locks.heldLocks()).toEqual(['a']);
    await next.release();
  });
});
