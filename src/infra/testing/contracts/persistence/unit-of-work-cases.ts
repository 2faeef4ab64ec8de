import assert from 'node:assert/strict';
import { aCandidate, aCompany } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `UnitOfWork.run` and `Repositories.savepoint`.
 *
 * @example
 * ```ts
 * unitOfWorkCases(fixture, api);
 * ```
 */
export function unitOfWorkCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  describe('UnitOfWork', () => {
    it('commits what the work wrote when it returns, and returns its value', async () => {
      const company = aCompany();

      const value = await fixture.run(async ({ companies }) => {
        await companies.add(company);
        return 42;
      });

      assert.equal(value, 42);
      assert.deepEqual(await fixture.run(({ companies }) => companies.get(company.id)), company);
    });

    it('rolls back every write and rethrows the same error when the work throws', async () => {
      const company = aCompany();
      const candidate = aCandidate({ companyId: company.id });
      const failure = new Error('boom');

      const thrown = await fixture
        .run(async ({ companies, candidates }) => {
          await companies.add(company);
          await candidates.add(candidate);
          throw failure;
        })
        .catch((error: unknown) => error);

      assert.equal(thrown, failure);
      const after = await fixture.run(async ({ companies, candidates }) => ({
        company: await companies.get(company.id),
        candidate: await candidates.get(candidate.id),
      }));
      assert.deepEqual(after, { company: null, candidate: null });
    });

    it('rolls back earlier writes when a later write of the same work fails', async () => {
      const company = await fixture.givenCompany();
      const first = aCandidate({ companyId: company.id, metaLeadId: 'lead-1' });
      const clash = aCandidate({ companyId: company.id, metaLeadId: 'lead-1' });

      await expectBaltraError(
        fixture.run(async ({ candidates }) => {
          await candidates.add(first);
          await candidates.add(clash);
        }),
        'CONFLICT',
      );

      assert.equal(await fixture.run(({ candidates }) => candidates.get(first.id)), null);
    });

    it('commits concurrent units of work independently', async () => {
      const list = [aCompany(), aCompany(), aCompany(), aCompany()];

      await Promise.all(list.map((c) => fixture.run(({ companies }) => companies.add(c))));

      const stored = await fixture.run(({ companies }) =>
        Promise.all(list.map((c) => companies.get(c.id))),
      );
      assert.deepEqual(stored, list);
    });
  });

  describe('Repositories.savepoint', () => {
    it('undoes only its own writes when it throws, rethrows, and lets the outer work commit', async () => {
      const [outer, inner, after] = [aCompany(), aCompany(), aCompany()];
      const failure = new Error('nested work failed');

      const thrown = await fixture.run(async (repositories) => {
        await repositories.companies.add(outer);
        const error = await repositories
          .savepoint(async (nested) => {
            await nested.companies.add(inner);
            throw failure;
          })
          .catch((e: unknown) => e);
        await repositories.companies.add(after);
        return error;
      });

      assert.equal(thrown, failure);
      const stored = await fixture.run(({ companies }) =>
        Promise.all([outer, inner, after].map((c) => companies.get(c.id))),
      );
      assert.deepEqual(stored, [outer, null, after]);
    });

    it('keeps its writes and returns its value when it returns', async () => {
      const [outer, inner] = [aCompany(), aCompany()];

      const value = await fixture.run(async (repositories) => {
        await repositories.companies.add(outer);
        return repositories.savepoint(async (nested) => {
          await nested.companies.add(inner);
          return 'nested result';
        });
      });

      assert.equal(value, 'nested result');
      const stored = await fixture.run(({ companies }) =>
        Promise.all([outer, inner].map((c) => companies.get(c.id))),
      );
      assert.deepEqual(stored, [outer, inner]);
    });

    it('is rolled back with the unit of work when the outer work throws afterwards', async () => {
      const inner = aCompany();

      await fixture
        .run(async (repositories) => {
          await repositories.savepoint(({ companies }) => companies.add(inner));
          throw new Error('outer work failed');
        })
        .catch(() => undefined);

      assert.equal(await fixture.run(({ companies }) => companies.get(inner.id)), null);
    });

    it('nests: a failed inner savepoint leaves its enclosing savepoint and the outer work intact', async () => {
      const [outer, middle, innermost] = [aCompany(), aCompany(), aCompany()];

      await fixture.run(async (repositories) => {
        await repositories.companies.add(outer);
        await repositories.savepoint(async (nested) => {
          await nested.companies.add(middle);
          await nested
            .savepoint(async (deeper) => {
              await deeper.companies.add(innermost);
              throw new Error('innermost failed');
            })
            .catch(() => undefined);
        });
      });

      const stored = await fixture.run(({ companies }) =>
        Promise.all([outer, middle, innermost].map((c) => companies.get(c.id))),
      );
      assert.deepEqual(stored, [outer, middle, null]);
    });

    it('recovers from a failed write inside it (a constraint violation) so the work can go on', async () => {
      const existing = await fixture.givenCompany();
      const later = aCompany();

      await fixture.run(async (repositories) => {
        await expectBaltraError(
          repositories.savepoint(({ companies }) => companies.add(existing)),
          'CONFLICT',
        );
        await repositories.companies.add(later);
      });

      assert.deepEqual(await fixture.run(({ companies }) => companies.get(later.id)), later);
    });
  });
}
