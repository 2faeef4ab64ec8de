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
 * A call of {@link actionAttemptCases}: `begin` in the default mode, `begin` in an explicit
 * mode (`shared`, `alone`), or `fail`.
 */
type Step = 'begin' | 'shared' | 'alone' | 'fail';

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
  /** Makes one call in a unit of work of its own. */
  const own = <T>(call: (attempts: ActionAttemptStore) => Promise<T>): Promise<T> =>
    fixture.run(({ attempts }) => call(attempts));
  const counts = (failures: number, interruptions: number, crashes: number): ActionAttempts => ({
    failures,
    interruptions,
    crashes,
  });
  const step = (attempts: ActionAttemptStore, key: string, call: Step) => {
    if (call === 'fail') return attempts.fail(key);
    return call === 'begin' ? attempts.begin(key) : attempts.begin(key, call);
  };
  /** Makes the calls one after another, each in a unit of work of its own; their results. */
  const oneByOne = async (key: string, calls: readonly Step[]) => {
    const seen: ActionAttempts[] = [];
    for (const call of calls) seen.push(await own((attempts) => step(attempts, key, call)));
    return seen;
  };

  describe('ActionAttemptStore', () => {
    it('reports zeros for a key it does not know, and clears one without complaint', async () => {
      const key = aKey();

      const unknown = await own((attempts) => attempts.get(key));
      await own((attempts) => attempts.clear(key));

      assert.deepEqual(unknown, counts(0, 0, 0));
      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(0, 0, 0));
    });

    it('counts failed runs; a failure ends the run, so the next begin adds no interruption', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['begin', 'fail', 'begin', 'fail']);

      assert.deepEqual(seen, [counts(0, 0, 0), counts(1, 0, 0), counts(1, 0, 0), counts(2, 0, 0)]);
      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(2, 0, 0));
    });

    it('counts a shared run (the default) never ended as an interruption, not a crash, at the next begin', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['begin', 'shared', 'begin', 'fail', 'begin']);

      assert.deepEqual(seen, [
        counts(0, 0, 0),
        counts(0, 1, 0),
        counts(0, 2, 0),
        counts(1, 2, 0),
        counts(1, 2, 0),
      ]);
      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(1, 2, 0));
    });

    it('counts a run begun alone and never ended as an interruption and a crash at the next begin', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['alone', 'begin', 'fail']);

      assert.deepEqual(seen, [counts(0, 0, 0), counts(0, 1, 1), counts(1, 1, 1)]);
      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(1, 1, 1));
    });

    it('counts a crash at each begin that finds a run begun alone still open', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['alone', 'alone', 'alone']);

      assert.deepEqual(seen, [counts(0, 0, 0), counts(0, 1, 1), counts(0, 2, 2)]);
    });

    it('judges each open run by its own mode: shared, then alone, then a begin', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['shared', 'alone', 'begin', 'begin']);

      assert.deepEqual(seen, [counts(0, 0, 0), counts(0, 1, 0), counts(0, 2, 1), counts(0, 3, 1)]);
    });

    it('closes a run begun alone on fail without counting an interruption or a crash', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['alone', 'fail', 'alone', 'fail', 'begin']);

      assert.deepEqual(seen, [
        counts(0, 0, 0),
        counts(1, 0, 0),
        counts(1, 0, 0),
        counts(2, 0, 0),
        counts(2, 0, 0),
      ]);
    });

    it('records a failure when no run was begun', async () => {
      const key = aKey();

      const seen = await oneByOne(key, ['fail', 'begin']);

      assert.deepEqual(seen, [counts(1, 0, 0), counts(1, 0, 0)]);
    });

    it('forgets a cleared key, open run included, and only that key', async () => {
      const [key, other] = [aKey(), aKey()];
      for (const k of [key, other]) await oneByOne(k, ['fail', 'alone', 'alone']);

      await own((attempts) => attempts.clear(key));

      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(0, 0, 0));
      assert.deepEqual(await own((attempts) => attempts.begin(key)), counts(0, 0, 0));
      assert.deepEqual(await own((attempts) => attempts.get(other)), counts(1, 1, 1));
    });

    it('follows its unit of work: what a rolled-back unit of work wrote is not kept', async () => {
      const key = aKey();
      await own((attempts) => attempts.begin(key, 'alone'));

      const rolledBack = await fixture
        .run(async ({ attempts }) => {
          assert.deepEqual(await attempts.fail(key), counts(1, 0, 0));
          throw new Error('rolled back');
        })
        .catch((error: unknown) => error);

      assert.ok(rolledBack instanceof Error && rolledBack.message === 'rolled back');
      assert.deepEqual(await own((attempts) => attempts.get(key)), counts(0, 0, 0));
      // The failure was undone, so the run begun alone before it is still open: a crash.
      assert.deepEqual(await own((attempts) => attempts.begin(key)), counts(0, 1, 1));
    });

    it('keeps the mode of the open run when a begin in another mode is rolled back', async () => {
      const key = aKey();
      await own((attempts) => attempts.begin(key, 'shared'));

      await fixture
        .run(async ({ attempts }) => {
          assert.deepEqual(await attempts.begin(key, 'alone'), counts(0, 1, 0));
          throw new Error('rolled back');
        })
        .catch(() => undefined);

      // The open run is still the shared one: an interruption, not a crash.
      assert.deepEqual(await own((attempts) => attempts.begin(key)), counts(0, 1, 0));
    });

    it('never loses an update when units of work begin and fail one key concurrently', async () => {
      const key = aKey();
      const parallel = 20;
      // A store may refuse a concurrent update with CONFLICT (retry the unit of work); what it
      // accepts must add up.
      const settle = async (call: (attempts: ActionAttemptStore) => Promise<ActionAttempts>) => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: parallel }, () => own(call)),
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

      const shared = await settle((attempts) => attempts.begin(key));
      const alone = await settle((attempts) => attempts.begin(key, 'alone'));
      const interruptions = shared.length + alone.length - 1;
      const crashes = alone.length - 1;
      const failed = await settle((attempts) => attempts.fail(key));

      // Each begin after the first found the previous run open: one interruption each, none
      // lost; a crash each when that run was begun alone (the first alone begin found a shared).
      assert.deepEqual(ascending(shared.map((a) => a.interruptions)), upTo(0, shared.length));
      assert.ok(shared.every((a) => a.failures === 0 && a.crashes === 0));
      assert.deepEqual(
        ascending(alone.map((a) => a.interruptions)),
        upTo(shared.length, alone.length),
      );
      assert.deepEqual(ascending(alone.map((a) => a.crashes)), upTo(0, alone.length));
      assert.ok(alone.every((a) => a.failures === 0));
      assert.deepEqual(ascending(failed.map((a) => a.failures)), upTo(1, failed.length));
      assert.ok(failed.every((a) => a.interruptions === interruptions && a.crashes === crashes));
      assert.deepEqual(
        await own((attempts) => attempts.get(key)),
        counts(failed.length, interruptions, crashes),
      );
    });
  });
}
