import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { isBaltraError } from '../../../../domain/errors.js';
import type { Repositories } from '../../../../domain/ports/unit-of-work.js';
import { withIdempotency } from '../../../../domain/services/with-idempotency.js';
import { aCompany } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `IdempotencyStore` and `withIdempotency` on top of it.
 *
 * @example
 * ```ts
 * idempotencyCases(fixture, api);
 * ```
 */
export function idempotencyCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const aKey = () => `contract:${randomUUID()}`;

  describe('IdempotencyStore', () => {
    it('claims a new key, then returns the completed result to later claims', async () => {
      const key = aKey();

      const first = await fixture.run(async ({ idempotency }) => {
        const claim = await idempotency.claim(key);
        await idempotency.complete(key, { candidateId: 'c-1', moved: true, count: 2 });
        return claim;
      });
      const second = await fixture.run(({ idempotency }) => idempotency.claim(key));

      assert.deepEqual(first, { state: 'new' });
      assert.deepEqual(second, {
        state: 'completed',
        result: { candidateId: 'c-1', moved: true, count: 2 },
      });
    });

    it('frees a key whose unit of work rolled back', async () => {
      const key = aKey();

      await fixture
        .run(async ({ idempotency }) => {
          await idempotency.claim(key);
          await idempotency.complete(key, 'done');
          throw new Error('rolled back');
        })
        .catch(() => undefined);

      assert.deepEqual(await fixture.run(({ idempotency }) => idempotency.claim(key)), {
        state: 'new',
      });
    });
  });

  describe('withIdempotency', () => {
    it('runs the work once and replays the same JSON without running it again', async () => {
      const key = aKey();
      const company = aCompany();
      let runs = 0;
      const work = async ({ companies }: Repositories) => {
        runs += 1;
        await companies.add({ ...company, id: runs === 1 ? company.id : randomUUID() });
        return { companyId: company.id, at: new Date('2026-03-01T00:00:00.000Z'), note: undefined };
      };

      const first = await withIdempotency(fixture.unitOfWork, key, work);
      const replay = await withIdempotency(fixture.unitOfWork, key, work);

      const json = { companyId: company.id, at: '2026-03-01T00:00:00.000Z' };
      assert.deepEqual(first, { result: json, replayed: false });
      assert.deepEqual(replay, { result: json, replayed: true });
      assert.equal(runs, 1);
    });

    it('runs the work again after a failed run, whose writes are gone', async () => {
      const key = aKey();
      const company = aCompany();
      let runs = 0;

      const failed = await withIdempotency(fixture.unitOfWork, key, async ({ companies }) => {
        runs += 1;
        await companies.add(company);
        throw new Error('work failed');
      }).catch((error: unknown) => error);
      const retried = await withIdempotency(fixture.unitOfWork, key, async () => {
        runs += 1;
        return 'second';
      });

      assert.ok(failed instanceof Error && failed.message === 'work failed');
      assert.deepEqual(retried, { result: 'second', replayed: false });
      assert.equal(runs, 2);
      assert.equal(await fixture.run(({ companies }) => companies.get(company.id)), null);
    });

    it('runs concurrent duplicates once: the others replay it or get a CONFLICT', async () => {
      const key = aKey();
      let runs = 0;

      const outcomes = await Promise.allSettled(
        [1, 2, 3].map(() =>
          withIdempotency(fixture.unitOfWork, key, async ({ companies }) => {
            runs += 1;
            await companies.add(aCompany());
            return { run: runs };
          }),
        ),
      );

      assert.equal(runs, 1);
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') assert.deepEqual(outcome.value.result, { run: 1 });
        else assert.ok(isBaltraError(outcome.reason) && outcome.reason.code === 'CONFLICT');
      }
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled' && !o.value.replayed).length, 1);
    });
  });
}
