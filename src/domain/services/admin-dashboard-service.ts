import { z } from 'zod';
import { DomainError, NotFoundError } from '../errors.js';
import type { AdSpendEntry, Money } from '../models/ad-spend.js';
import type { DashboardReport } from '../models/dashboard-report.js';
import { type ReportingPeriod, ReportingPeriodSchema } from '../models/reporting-period.js';
import type { AdSpendSource } from '../ports/ad-spend-source.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { FunnelService } from './funnel-service.js';
import { parseInput } from './parse-input.js';

const SECONDS_PER_DAY = 86_400;

const ReportRequestSchema = z.object({ companyId: z.uuid(), period: ReportingPeriodSchema });

/**
 * The admin dashboard of a company for a period: the funnel of the candidates created in it
 * (counts and conversion, computed by the store), hires and median time to hire (from the
 * moves to `hired` in the period), ad spend from an optional `AdSpendSource`, and cost per
 * hire. Errors: `VALIDATION_FAILED`, `NOT_FOUND` (unknown company), `MIXED_CURRENCIES` (the
 * source reported more than one currency).
 *
 * @example
 * ```ts
 * const dashboard = new AdminDashboardService(uow, metaAdSpend);
 * const report = await dashboard.report(companyId, {
 *   from: new Date('2026-03-01T00:00:00Z'),
 *   to: new Date('2026-04-01T00:00:00Z'),
 * });
 * console.log(report.hires, report.medianTimeToHireDays, report.costPerHire);
 * ```
 */
export class AdminDashboardService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly adSpendSource?: AdSpendSource,
  ) {}

  /**
   * Builds the report. Spend comes from the source outside the transaction; without a source,
   * or when it reports no spend in the period, `adSpend` and `costPerHire` are null.
   */
  async report(companyId: string, period: ReportingPeriod): Promise<DashboardReport> {
    const request = parseInput('dashboard request', ReportRequestSchema, { companyId, period });
    const [stored, entries] = await Promise.all([
      this.unitOfWork.run(async ({ companies, candidates, dashboards }) => {
        if (!(await companies.get(request.companyId))) {
          throw new NotFoundError('Company', request.companyId);
        }
        const funnel = await new FunnelService(candidates).buckets(request.companyId, {
          createdFrom: request.period.from,
          createdTo: request.period.to,
        });
        return { funnel, stats: await dashboards.hiringStats(request.companyId, request.period) };
      }),
      this.adSpendSource?.spend(request.companyId, request.period),
    ]);
    const { hires, medianTimeToHireSeconds } = stored.stats;
    const adSpend = entries ? totalSpend(request.companyId, entries) : null;
    return {
      companyId: request.companyId,
      period: request.period,
      funnel: stored.funnel,
      hires,
      medianTimeToHireDays:
        medianTimeToHireSeconds === null ? null : medianTimeToHireSeconds / SECONDS_PER_DAY,
      adSpend,
      costPerHire:
        adSpend && hires > 0
          ? { amountMinor: Math.round(adSpend.amountMinor / hires), currency: adSpend.currency }
          : null,
    };
  }
}

function totalSpend(companyId: string, entries: readonly AdSpendEntry[]): Money | null {
  const first = entries[0];
  if (!first) return null;
  const currencies = new Set(entries.map((entry) => entry.spend.currency));
  if (currencies.size > 1) {
    throw new DomainError(
      `ad spend of company ${companyId} mixes currencies (${[...currencies].join(', ')})`,
      { code: 'MIXED_CURRENCIES', context: { companyId, currencies: [...currencies] } },
    );
  }
  const amountMinor = entries.reduce((sum, entry) => sum + entry.spend.amountMinor, 0);
  return { amountMinor, currency: first.spend.currency };
}
