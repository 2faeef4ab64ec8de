import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LockManager } from '../../../domain/ports/lock-manager.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** What the lock manager contract needs from an adapter under test. */
export interface LockManagerHarness {
  readonly locks: LockManager;
  /** Releases connections; called once after the suite. */
  close?(): Promise<void>;
}

/**
 * The behaviour every `LockManager` must share: exclusive named locks, waiters served in
 * turn as the lock is released, `LOCK_TIMEOUT` after the acquire timeout, `LOCK_NOT_OWNED`
 * for a release by a wrong token (the lock stays held), `withLock` releasing when its work
 * throws. Lock names are random, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryLockManager, lockManagerContract } from '@baltra/sdk/testing';
 *
 * lockManagerContract('in-memory', async () => ({ locks: new InMemoryLockManager() }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function lockManagerContract(
  adapterName: string,
  setup: () => Promise<LockManagerHarness>,
  { describe, it, beforeAll, afterAll }: ContractTestApi,
): void {
  let harness: LockManagerHarness | undefined;
  const locks = (): LockManager => {
    assert.ok(harness, 'the lock manager harness was not set up');
    return harness.locks;
  };
  const aName = () => `contract-lock-${randomUUID()}`;

  describe(`${adapterName}: LockManager contract`, () => {
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it('holds a lock exclusively, with a fresh owner token, and leaves other names free', async () => {
      const name = aName();
      const lock = await locks().acquire(name);

      await expectBaltraError(locks().acquire(name, { timeoutMs: 0 }), 'LOCK_TIMEOUT');
      const other = await locks().acquire(aName(), { timeoutMs: 0 });

      assert.equal(lock.name, name);
      assert.ok(lock.ownerToken.length > 0 && lock.ownerToken !== other.ownerToken);
      await lock.release();
      await other.release();
    });

    it('fails a wait with LOCK_TIMEOUT once the timeout has passed', async () => {
      const lock = await locks().acquire(aName());
      const started = Date.now();

      await expectBaltraError(locks().acquire(lock.name, { timeoutMs: 100 }), 'LOCK_TIMEOUT');

      assert.ok(Date.now() - started >= 90, 'gave up before the timeout');
      await lock.release();
    });

    it('hands the lock to waiters one at a time as it is released', async () => {
      const holder = await locks().acquire(aName());
      const order: string[] = [];
      const waiter = (label: string) =>
        locks()
          .acquire(holder.name, { timeoutMs: 5_000 })
          .then(async (lock) => {
            order.push(`${label} in`);
            await new Promise((resolve) => setTimeout(resolve, 20));
            order.push(`${label} out`);
            await lock.release();
          });
      const first = waiter('a');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = waiter('b');
      await new Promise((resolve) => setTimeout(resolve, 20));

      order.push('holder out');
      await holder.release();
      await Promise.all([first, second]);

      assert.equal(order[0], 'holder out');
      for (let i = 1; i < order.length; i += 2) {
        const label = order[i]?.split(' ')[0];
        assert.deepEqual(order.slice(i, i + 2), [`${label} in`, `${label} out`]);
      }
      assert.equal(order.length, 5);
    });

    it('refuses a release by a token that does not own the lock with LOCK_NOT_OWNED, keeping it held', async () => {
      const lock = await locks().acquire(aName());

      await expectBaltraError(locks().release(lock.name, randomUUID()), 'LOCK_NOT_OWNED');
      await expectBaltraError(locks().acquire(lock.name, { timeoutMs: 0 }), 'LOCK_TIMEOUT');

      await locks().release(lock.name, lock.ownerToken);
      await expectBaltraError(locks().release(lock.name, lock.ownerToken), 'LOCK_NOT_OWNED');
    });

    it('can be acquired again after release; releasing a lock twice does nothing', async () => {
      const name = aName();
      const first = await locks().acquire(name);
      await first.release();
      await first.release();

      const second = await locks().acquire(name, { timeoutMs: 0 });

      assert.notEqual(second.ownerToken, first.ownerToken);
      await second.release();
    });

    it('runs withLock work under the lock and releases it even when the work throws', async () => {
      const name = aName();
      const failure = new Error('work failed');

      const value = await locks().withLock(name, async (lock) => {
        await expectBaltraError(locks().acquire(name, { timeoutMs: 0 }), 'LOCK_TIMEOUT');
        return lock.name;
      });
      const thrown = await locks()
        .withLock(name, async () => {
          throw failure;
        })
        .catch((error: unknown) => error);
      const after = await locks().acquire(name, { timeoutMs: 0 });

      assert.equal(value, name);
      assert.equal(thrown, failure);
      await after.release();
    });
  });
}
