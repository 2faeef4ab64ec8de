import assert from 'node:assert/strict';
import type { ReportingPeriod } from '../../../../domain/models/reporting-period.js';
import { aTransition } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

const HOUR = 3_600_000;

/**
 * Contract cases of `DashboardQueries.hiringStats`.
 *
 * @example
 * ```ts
 * dashboardCases(fixture, api);
 * ```
 */
export function dashboardCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const period: ReportingPeriod = {
    from: new Date('2026-03-01T00:00:00.000Z'),
    to: new Date('2026-04-01T00:00:00.000Z'),
  };
  // 216 h before the period, which lasts 744 h: hires between 216 h and 960 h fall in it.
  const created = new Date('2026-02-20T00:00:00.000Z');
  const hiredAfter = (hours: number) => new Date(created.getTime() + hours * HOUR);
  const stats = (companyId: string, p: ReportingPeriod = period) =>
    fixture.run(({ dashboards }) => dashboards.hiringStats(companyId, p));

  describe('DashboardQueries.hiringStats', () => {
    it('counts the hires of the period and takes the middle time to hire of an odd count', async () => {
      const company = await fixture.givenCompany();
      for (const hours of [300, 250, 900]) {
        await fixture.givenHire(company.id, created, hiredAfter(hours));
      }

      assert.deepEqual(await stats(company.id), {
        hires: 3,
        medianTimeToHireSeconds: 300 * 3600,
      });
    });

    it('averages the two middle times to hire of an even count', async () => {
      const company = await fixture.givenCompany();
      for (const hours of [900, 250, 400, 300]) {
        await fixture.givenHire(company.id, created, hiredAfter(hours));
      }

      assert.deepEqual(await stats(company.id), {
        hires: 4,
        medianTimeToHireSeconds: 350 * 3600,
      });
    });

    it('includes a hire at the start of the period and excludes one at its end', async () => {
      const company = await fixture.givenCompany();
      await fixture.givenHire(company.id, created, period.from);
      await fixture.givenHire(company.id, created, period.to);
      await fixture.givenHire(company.id, created, new Date(period.from.getTime() - 1000));

      assert.deepEqual(await stats(company.id), {
        hires: 1,
        medianTimeToHireSeconds: (period.from.getTime() - created.getTime()) / 1000,
      });
    });

    it('ignores other companies and moves to other stages', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      await fixture.givenHire(globex.id, created, hiredAfter(300));
      const candidate = await fixture.givenCandidate({
        companyId: acme.id,
        stage: 'offered',
        createdAt: created,
      });
      await fixture.run(({ transitions }) =>
        transitions.add([
          aTransition({
            candidateId: candidate.id,
            companyId: acme.id,
            from: 'interviewed',
            to: 'offered',
            at: hiredAfter(300),
          }),
        ]),
      );

      assert.deepEqual(await stats(acme.id), { hires: 0, medianTimeToHireSeconds: null });
    });
  });
}
