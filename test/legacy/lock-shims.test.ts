import { acquireLock, releaseLock } from '@baltra/sdk/legacy';
import { InMemoryLockManager } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

describe('legacy acquireLock / releaseLock', () => {
  const deprecations = useDeprecationSpy();

  it('acquireLock takes the lock through the LockManager and returns its owner token; warns once', async () => {
    // Prepare
    const locks = new InMemoryLockManager();

    // Act
    const token = await acquireLock(locks, 'lock:transfer:42', { ttl: 120 });
    const second = await acquireLock(locks, 'lock:transfer:42');

    // Assess
    expect(token).toEqual(expect.any(String));
    expect(second).toBeNull(); // held: like SET NX, no wait by default
    expect(locks.heldLocks()).toEqual(['lock:transfer:42']);
    await expect(locks.acquire('lock:transfer:42', { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    const warning = onlyWarning(deprecations, 'BALTRA_DEP007');
    expect(warning.message).toContain('acquireLock()');
    expect(warning.message).toContain('LockManager.acquire()');
  });

  it('releaseLock releases only with the owner token, like LockManager.release, and warns once', async () => {
    // Prepare
    const locks = new InMemoryLockManager();
    const token = (await acquireLock(locks, 'lock:a')) as string;

    // Act
    const withWrongToken = await releaseLock(locks, 'lock:a', 'not-the-owner');
    const stillHeld = locks.heldLocks();
    const withToken = await releaseLock(locks, 'lock:a', token);
    const again = await releaseLock(locks, 'lock:a', token);

    // Assess
    expect(withWrongToken).toBe(false);
    expect(stillHeld).toEqual(['lock:a']);
    expect(withToken).toBe(true);
    expect(again).toBe(false);
    expect(locks.heldLocks()).toEqual([]);
    const warning = onlyWarning(deprecations, 'BALTRA_DEP008');
    expect(warning.message).toContain('releaseLock()');
    expect(warning.message).toContain('LockManager.release()');
  });

  it('releaseLock also takes a Lock of the new API', async () => {
    // Prepare
    const locks = new InMemoryLockManager();
    const lock = await locks.acquire('lock:b');

    // Act
    const released = await releaseLock(locks, lock);

    // Assess
    expect(released).toBe(true);
    expect(locks.heldLocks()).toEqual([]);
  });

  it('acquireLock waits up to `timeout` seconds for a lock being released', async () => {
    // Prepare
    const locks = new InMemoryLockManager();
    const first = await locks.acquire('lock:c');
    setTimeout(() => void first.release(), 20);

    // Act
    const token = await acquireLock(locks, 'lock:c', { timeout: 2 });

    // Assess
    expect(token).toEqual(expect.any(String));
    expect(await releaseLock(locks, 'lock:c', token as string)).toBe(true);
    expect(deprecations.withCode('BALTRA_DEP007')).toHaveLength(1);
  });
});
