import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ReportingPeriod } from '../../../../domain/models/reporting-period.js';
import { AdminDashboardService } from '../../../../domain/services/admin-dashboard-service.js';
import { InMemoryAdSpendSource } from '../../../memory/in-memory-ad-spend-source.js';
import { aCandidate, anAdSpendEntry } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

const DAY = 86_400_000;

/**
 * Contract cases of `AdminDashboardService` on an adapter, with an `InMemoryAdSpendSource`.
 *
 * @example
 * ```ts
 * adminDashboardCases(fixture, api);
 * ```
 */
export function adminDashboardCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const period: ReportingPeriod = {
    from: new Date('2026-03-01T00:00:00.000Z'),
    to: new Date('2026-04-01T00:00:00.000Z'),
  };
  const inPeriod = (days: number) => new Date(period.from.getTime() + days * DAY);

  describe('AdminDashboardService', () => {
    it('reports the funnel of the period, hires, median time to hire, spend and cost per hire', async () => {
      const company = await fixture.givenCompany();
      await fixture.givenCandidates([
        aCandidate({ companyId: company.id, createdAt: inPeriod(1) }),
        aCandidate({ companyId: company.id, createdAt: inPeriod(2), stage: 'screening' }),
        aCandidate({ companyId: company.id, createdAt: inPeriod(40) }),
      ]);
      await fixture.givenHire(company.id, inPeriod(2), inPeriod(12));
      await fixture.givenHire(company.id, inPeriod(3), inPeriod(7));
      await fixture.givenHire(company.id, new Date(period.from.getTime() - 30 * DAY), inPeriod(0));
      const spend = new InMemoryAdSpendSource({
        [company.id]: [
          anAdSpendEntry({ day: '2026-03-01', spend: { amountMinor: 100_000, currency: 'MXN' } }),
          anAdSpendEntry({ day: '2026-03-31', spend: { amountMinor: 50_001, currency: 'MXN' } }),
          anAdSpendEntry({ day: '2026-04-01', spend: { amountMinor: 999_999, currency: 'MXN' } }),
        ],
      });

      const report = await new AdminDashboardService(fixture.unitOfWork, spend).report(
        company.id,
        period,
      );

      assert.equal(report.companyId, company.id);
      assert.deepEqual(report.period, period);
      assert.equal(report.funnel.total, 4);
      assert.deepEqual(
        { applied: report.funnel.counts.applied, hired: report.funnel.counts.hired },
        { applied: 1, hired: 2 },
      );
      assert.equal(report.hires, 3);
      assert.equal(report.medianTimeToHireDays, 10);
      assert.deepEqual(report.adSpend, { amountMinor: 150_001, currency: 'MXN' });
      assert.deepEqual(report.costPerHire, { amountMinor: 50_000, currency: 'MXN' });
    });

    it('leaves spend and cost per hire null without a source, and the median null without hires', async () => {
      const company = await fixture.givenCompany();

      const report = await new AdminDashboardService(fixture.unitOfWork).report(company.id, period);

      assert.deepEqual(
        {
          total: report.funnel.total,
          hires: report.hires,
          median: report.medianTimeToHireDays,
          adSpend: report.adSpend,
          costPerHire: report.costPerHire,
        },
        { total: 0, hires: 0, median: null, adSpend: null, costPerHire: null },
      );
    });

    it('refuses spend in mixed currencies with MIXED_CURRENCIES and an unknown company with NOT_FOUND', async () => {
      const company = await fixture.givenCompany();
      const spend = new InMemoryAdSpendSource({
        [company.id]: [
          anAdSpendEntry({ spend: { amountMinor: 100, currency: 'MXN' } }),
          anAdSpendEntry({ spend: { amountMinor: 100, currency: 'USD' } }),
        ],
      });
      const service = new AdminDashboardService(fixture.unitOfWork, spend);

      await expectBaltraError(service.report(company.id, period), 'MIXED_CURRENCIES');
      await expectBaltraError(service.report(randomUUID(), period), 'NOT_FOUND');
    });
  });
}
