import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { aVacancy } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `CompanyRepository` and `VacancyRepository`.
 *
 * @example
 * ```ts
 * companyCases(fixture, api);
 * ```
 */
export function companyCases(fixture: PersistenceFixture, { describe, it }: ContractTestApi): void {
  describe('CompanyRepository', () => {
    it('returns null for an unknown id', async () => {
      assert.equal(await fixture.run(({ companies }) => companies.get(randomUUID())), null);
    });

    it('rejects a duplicate id with CONFLICT', async () => {
      const company = await fixture.givenCompany();

      await expectBaltraError(
        fixture.run(({ companies }) => companies.add({ ...company, name: 'Other' })),
        'CONFLICT',
      );
    });
  });

  describe('VacancyRepository', () => {
    it('stores and returns vacancies with and without a city', async () => {
      const company = await fixture.givenCompany();
      const withCity = aVacancy({ companyId: company.id, city: 'Monterrey' });
      const withoutCity = aVacancy({ companyId: company.id, status: 'closed', openings: 1 });

      await fixture.run(async ({ vacancies }) => {
        await vacancies.add(withCity);
        await vacancies.add(withoutCity);
      });

      const stored = await fixture.run(({ vacancies }) =>
        Promise.all([vacancies.get(withCity.id), vacancies.get(withoutCity.id)]),
      );
      assert.deepEqual(stored, [withCity, withoutCity]);
      assert.ok(stored[1] && !('city' in stored[1]));
    });

    it('returns null for an unknown id', async () => {
      assert.equal(await fixture.run(({ vacancies }) => vacancies.get(randomUUID())), null);
    });

    it('rejects a duplicate id with CONFLICT and an unknown company with NOT_FOUND', async () => {
      const company = await fixture.givenCompany();
      const vacancy = aVacancy({ companyId: company.id });
      await fixture.run(({ vacancies }) => vacancies.add(vacancy));

      await expectBaltraError(
        fixture.run(({ vacancies }) => vacancies.add({ ...vacancy, title: 'Other' })),
        'CONFLICT',
      );
      await expectBaltraError(
        fixture.run(({ vacancies }) => vacancies.add(aVacancy({ companyId: randomUUID() }))),
        'NOT_FOUND',
      );
    });
  });
}
