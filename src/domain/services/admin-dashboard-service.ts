import { z } from 'zod';
import { DomainError } from '../errors.js';
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
   * Builds the report. Spend comes from the source outside the transaction, asked while the
   * store is read; without a source, or when it reports no spend in the period, `adSpend` and
   * `costPerHire` are null. An unknown company is `NOT_FOUND` whatever the source answers.
   */
  async report(companyId: string, period: ReportingPeriod): Promise<DashboardReport> {
    const request = parseInput('dashboard request', ReportRequestSchema, { companyId, period });
    const spending = this.adSpendSource?.spend(request.companyId, request.period);
    // Awaited after the store, so the store's NOT_FOUND wins over the source's failure.
    spending?.catch(() => undefined);
    const stored = await this.unitOfWork.run(async ({ companies, candidates, dashboards }) => {
      // buckets() checks the company first: NOT_FOUND before any other query.
      const funnel = await new FunnelService({ candidates, companies }).buckets(request.companyId, {
        createdFrom: request.period.from,
        createdTo: request.period.to,
      });
      return { funnel, stats: await dashboards.hiringStats(request.companyId, request.period) };
    });
    const entries = await spending;
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
