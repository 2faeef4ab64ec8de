import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { isBaltraError } from '../../../../domain/errors.js';
import type {
  ActionAttemptStore,
  ActionAttempts,
} from '../../../../domain/ports/action-attempt-store.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `ActionAttemptStore` (`repositories.attempts`). Each call runs in a unit of
 * work of its own, as the worker makes them.
 *
 * @example
 * ```ts
 * actionAttemptCases(fixture, api);
 * ```
 */
export function actionAttemptCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const aKey = () => `action:${randomUUID()}`;
  const alone = <T>(call: (attempts: ActionAttemptStore) => Promise<T>): Promise<T> =>
    fixture.run(({ attempts }) => call(attempts));
  const counts = (failures: number, crashes: number): ActionAttempts => ({ failures, crashes });
  /** Makes the calls one after another, each in a unit of work of its own; their results. */
  const oneByOne = async (key: string, calls: readonly ('begin' | 'fail')[]) => {
    const seen: ActionAttempts[] = [];
    for (const call of calls) seen.push(await alone((attempts) => attempts[call](key)));
    return seen;
  };

  describe('ActionAttemptStore', () => {
    it('reports zeros for a key it does not know, and clears one without complaint', async () => {
      const key = aKey();

      const unknown = await alone((attempts) => attempts.get(key));
      await alone((attempts) => attempts.clear(key));

      assert.deepEqual(unknown, counts(0, 0));
      assert.deepEqual(await alone((attempts) => attempts.get(key)), counts(0, 0));
    });

    it('counts failed runs; a failure ends the run, so the next begin adds no crash', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['begin', 'fail', 'begin', 'fail']);

      assert.deepEqual(seen, [counts(0, 0), counts(1, 0), counts(1, 0), counts(2, 0)]);
      assert.deepEqual(await alone((attempts) => attempts.get(key)), counts(2, 0));
    });

    it('counts a run begun and never ended as a crash at the next begin; two in a row, two', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['begin', 'begin', 'begin', 'fail', 'begin']);

      assert.deepEqual(seen, [
        counts(0, 0),
        counts(0, 1),
        counts(0, 2),
        counts(1, 2),
        counts(1, 2),
      ]);
    });

    it('records a failure when no run was begun', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['fail', 'begin']);

      assert.deepEqual(seen, [counts(1, 0), counts(1, 0)]);
    });

    it('forgets a cleared key, open run included, and only that key', async () => {
      const [key, other] = [aKey(), aKey()];
      for (const k of [key, other]) await oneByOne(k, ['fail', 'begin', 'begin']);

      await alone((attempts) => attempts.clear(key));

      assert.deepEqual(await alone((attempts) => attempts.get(key)), counts(0, 0));
      assert.deepEqual(await alone((attempts) => attempts.begin(key)), counts(0, 0));
      assert.deepEqual(await alone((attempts) => attempts.get(other)), counts(1, 1));
    });

    it('follows its unit of work: what a rolled-back unit of work wrote is not kept', async () => {
      const key = aKey();
      await alone((attempts) => attempts.begin(key));

      const rolledBack = await fixture
        .run(async ({ attempts }) => {
          assert.deepEqual(await attempts.fail(key), counts(1, 0));
          throw new Error('rolled back');
        })
        .catch((error: unknown) => error);

      assert.ok(rolledBack instanceof Error && rolledBack.message === 'rolled back');
      assert.deepEqual(await alone((attempts) => attempts.get(key)), counts(0, 0));
      // The failure was undone, so the run begun before it is still open: a crash.
      assert.deepEqual(await alone((attempts) => attempts.begin(key)), counts(0, 1));
    });

    it('never loses an update when units of work begin and fail one key concurrently', async () => {
      const key = aKey();
      const parallel = 20;
      // A store may refuse a concurrent update with CONFLICT (retry the unit of work); what it
      // accepts must add up.
      const settle = async (call: (attempts: ActionAttemptStore) => Promise<ActionAttempts>) => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: parallel }, () => alone(call)),
        );
        const accepted: ActionAttempts[] = [];
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') accepted.push(outcome.value);
          else assert.ok(isBaltraError(outcome.reason) && outcome.reason.code === 'CONFLICT');
        }
        assert.ok(accepted.length > 0, 'every concurrent call was refused');
        return accepted;
      };
      const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);
      const upTo = (first: number, length: number) =>
        Array.from({ length }, (_, index) => first + index);

      const begun = await settle((attempts) => attempts.begin(key));
      const crashes = begun.length - 1;
      const failed = await settle((attempts) => attempts.fail(key));

      // Each begin after the first found the previous one open: one crash each, none lost.
      assert.deepEqual(ascending(begun.map((a) => a.crashes)), upTo(0, begun.length));
      assert.ok(begun.every((a) => a.failures === 0));
      assert.deepEqual(ascending(failed.map((a) => a.failures)), upTo(1, failed.length));
      assert.ok(failed.every((a) => a.crashes === crashes));
      assert.deepEqual(
        await alone((attempts) => attempts.get(key)),
        counts(failed.length, crashes),
      );
    });
  });
}
