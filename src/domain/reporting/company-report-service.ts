import { z } from 'zod';
import type { AdSpendEntry, Money } from '../models/ad-spend.js';
import { CANDIDATE_SOURCES } from '../models/candidate.js';
import { type ReportingPeriod, ReportingPeriodSchema } from '../models/reporting-period.js';
import type { AdSpendSource } from '../ports/ad-spend-source.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import { AdminDashboardService } from '../services/admin-dashboard-service.js';
import { FunnelService } from '../services/funnel-service.js';
import { parseInput } from '../services/parse-input.js';
import { requireCompany } from '../services/require-company.js';
import { buildCompanyReport, type CompanyReportData } from './build-company-report.js';
import { REPORT_LOCALES, type Report, type ReportLocale } from './report.js';
import type { ReportQueries } from './report-queries.js';

const DAY_MS = 86_400_000;
/** At most this many intervals in the conversion-over-time chart. */
const MAX_INTERVALS = 12;

const RequestSchema = z.object({
  companyId: z.uuid(),
  period: ReportingPeriodSchema,
  locale: z.enum(REPORT_LOCALES),
});

/** The ports a {@link CompanyReportService} reads. */
export interface CompanyReportPorts {
  readonly unitOfWork: UnitOfWork;
  /**
   * Time-to-hire distribution and hires per campaign; without it the report says they are not
   * available.
   */
  readonly queries?: ReportQueries;
  /** Ad spend; without it spend and cost per hire are "not available". */
  readonly adSpendSource?: AdSpendSource;
  /** The report's `generatedAt`; default the current time. */
  readonly now?: () => Date;
}

/** Options of {@link CompanyReportService.report}. */
export interface CompanyReportOptions {
  /** Default `en-US`. */
  readonly locale?: ReportLocale;
  readonly title?: string;
}

/**
 * Builds a company's hiring report for a period from the existing services: the KPIs are
 * `AdminDashboardService.report`'s, the funnel by source and per interval (weeks, or longer
 * for long periods) are `FunnelService.buckets` with filters, the time-to-hire distribution is
 * `ReportQueries.hireDurations`. Ad spend is asked once per report. Errors: `VALIDATION_FAILED`,
 * `NOT_FOUND` (unknown company), `MIXED_CURRENCIES`.
 *
 * @example
 * ```ts
 * const reports = new CompanyReportService({ unitOfWork: uow, queries });
 * const report = await reports.report(companyId, { from, to }, { locale: 'es-MX' });
 * const html = await new HtmlReportRenderer().render(report);
 * ```
 */
export class CompanyReportService {
  constructor(private readonly ports: CompanyReportPorts) {}

  async report(
    companyId: string,
    period: ReportingPeriod,
    options: CompanyReportOptions = {},
  ): Promise<Report> {
    const request = parseInput('report request', RequestSchema, {
      companyId,
      period,
      locale: options.locale ?? 'en-US',
    });
    const data = await this.collect(request.companyId, request.period);
    return buildCompanyReport(data, {
      locale: request.locale,
      generatedAt: this.ports.now?.() ?? new Date(),
      ...(options.title === undefined ? {} : { title: options.title }),
    });
  }

  /** The numbers of a report, before layout. */
  async collect(companyId: string, period: ReportingPeriod): Promise<CompanyReportData> {
    const { unitOfWork, queries } = this.ports;
    const spendSource = onceSource(this.ports.adSpendSource);
    const dashboard = await new AdminDashboardService(unitOfWork, spendSource).report(
      companyId,
      period,
    );
    const cut = await unitOfWork.run(async (repositories) => {
      const company = await requireCompany(repositories.companies, companyId);
      const funnel = new FunnelService(repositories);
      const bySource = [];
      for (const source of CANDIDATE_SOURCES) {
        bySource.push({
          source,
          funnel: await funnel.buckets(companyId, {
            source,
            createdFrom: period.from,
            createdTo: period.to,
          }),
        });
      }
      const intervals = [];
      for (const { from, to } of splitPeriod(period)) {
        intervals.push({
          from,
          to,
          funnel: await funnel.buckets(companyId, { createdFrom: from, createdTo: to }),
        });
      }
      return { company: { id: company.id, name: company.name }, bySource, intervals };
    });
    const hireDurationsSeconds = queries ? await queries.hireDurations(companyId, period) : null;
    const hiresByCampaign = queries ? await queries.hiresByCampaign(companyId, period) : null;
    const entries = spendSource ? await spendSource.spend(companyId, period) : null;
    return {
      ...cut,
      period,
      dashboard,
      hireDurationsSeconds,
      hiresByCampaign,
      spendByCampaign: entries ? spendPerCampaign(entries) : null,
    };
  }
}

/**
 * The period cut into consecutive intervals for the conversion-over-time chart: weeks from
 * `from` (the last one shorter), or equal spans of whole days when there would be more than
 * twelve weeks.
 *
 * @example
 * ```ts
 * splitPeriod({ from: new Date('2026-03-01'), to: new Date('2026-03-15') }).length; // 2
 * ```
 */
export function splitPeriod(period: ReportingPeriod): { from: Date; to: Date }[] {
  const span = period.to.getTime() - period.from.getTime();
  const weeks = Math.ceil(span / (7 * DAY_MS));
  const step =
    weeks <= MAX_INTERVALS ? 7 * DAY_MS : Math.ceil(span / MAX_INTERVALS / DAY_MS) * DAY_MS;
  const intervals: { from: Date; to: Date }[] = [];
  for (let start = period.from.getTime(); start < period.to.getTime(); start += step) {
    intervals.push({
      from: new Date(start),
      to: new Date(Math.min(start + step, period.to.getTime())),
    });
  }
  return intervals;
}

function spendPerCampaign(
  entries: readonly AdSpendEntry[],
): { campaignId: string; spend: Money }[] {
  const totals = new Map<string, Money>();
  for (const { campaignId, spend } of entries) {
    const sum = totals.get(campaignId);
    totals.set(campaignId, {
      amountMinor: (sum?.amountMinor ?? 0) + spend.amountMinor,
      currency: spend.currency,
    });
  }
  return [...totals].map(([campaignId, spend]) => ({ campaignId, spend }));
}

/** The source asked once per report: the dashboard and the campaign breakdown share the answer. */
function onceSource(source: AdSpendSource | undefined): AdSpendSource | undefined {
  if (!source) return undefined;
  let answer: Promise<AdSpendEntry[]> | undefined;
  return { spend: (companyId, period) => (answer ??= source.spend(companyId, period)) };
}
