import { AdminDashboardService } from '@baltra/sdk';
import {
  aCandidate,
  aCompany,
  anAdSpendEntry,
  aTransition,
  expectBaltraError,
  InMemoryAdSpendSource,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

const period = {
  from: new Date('2026-03-01T00:00:00.000Z'),
  to: new Date('2026-04-01T00:00:00.000Z'),
};

async function givenHires(hoursToHire: number[]) {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  const createdAt = new Date('2026-03-02T00:00:00.000Z');
  await uow.run(async ({ companies, candidates, transitions }) => {
    await companies.add(company);
    for (const hours of hoursToHire) {
      const candidate = aCandidate({ companyId: company.id, stage: 'hired', createdAt });
      await candidates.add(candidate);
      await transitions.add([
        aTransition({
          candidateId: candidate.id,
          companyId: company.id,
          from: 'offered',
          to: 'hired',
          at: new Date(createdAt.getTime() + hours * 3_600_000),
        }),
      ]);
    }
  });
  return { uow, companyId: company.id };
}

describe('AdminDashboardService', () => {
  it('gives the median time to hire in fractional days and rounds the cost per hire', async () => {
    const { uow, companyId } = await givenHires([12, 36, 60]);
    const spend = new InMemoryAdSpendSource({
      [companyId]: [anAdSpendEntry({ spend: { amountMinor: 1_000, currency: 'MXN' } })],
    });

    const report = await new AdminDashboardService(uow, spend).report(companyId, period);

    expect(report.medianTimeToHireDays).toBe(1.5);
    expect(report.costPerHire).toEqual({ amountMinor: 333, currency: 'MXN' });
  });

  it('reports no spend when the source has none in the period, and no cost per hire', async () => {
    const { uow, companyId } = await givenHires([24]);

    const report = await new AdminDashboardService(uow, new InMemoryAdSpendSource()).report(
      companyId,
      period,
    );

    expect(report).toMatchObject({ hires: 1, adSpend: null, costPerHire: null });
  });

  it('rejects a malformed company id or a reversed period with VALIDATION_FAILED', async () => {
    const { uow, companyId } = await givenHires([]);
    const service = new AdminDashboardService(uow);

    await expectBaltraError(service.report('acme', period), 'VALIDATION_FAILED');
    await expectBaltraError(
      service.report(companyId, { from: period.to, to: period.from }),
      'VALIDATION_FAILED',
    );
  });

  it('names the currencies of mixed spend in the error context', async () => {
    const { uow, companyId } = await givenHires([24]);
    const spend = new InMemoryAdSpendSource();
    spend.add(
      companyId,
      anAdSpendEntry({ spend: { amountMinor: 1, currency: 'MXN' } }),
      anAdSpendEntry({ spend: { amountMinor: 1, currency: 'COP' } }),
    );

    const error = await expectBaltraError(
      new AdminDashboardService(uow, spend).report(companyId, period),
      'MIXED_CURRENCIES',
    );

    expect(error).toMatchObject({ context: { companyId, currencies: ['MXN', 'COP'] } });
  });
});
