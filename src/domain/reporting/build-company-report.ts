import type { Money } from '../models/ad-spend.js';
import type { CandidateSource } from '../models/candidate.js';
import type { DashboardReport } from '../models/dashboard-report.js';
import type { FunnelBuckets } from '../models/funnel-buckets.js';
import { FUNNEL_EXITS, FUNNEL_PATH, type FunnelStage } from '../models/funnel-stage.js';
import type { ReportingPeriod } from '../models/reporting-period.js';
import type { Report, ReportBlock, ReportLocale, ReportSection, ReportValue } from './report.js';
import type { ReportCompany } from './report-queries.js';
import { type ReportText, reportText } from './report-text.js';
import { spendSection } from './spend-section.js';

/** What a company report is built from: the dashboard and the funnel cut by source and time. */
export interface CompanyReportData {
  readonly company: ReportCompany;
  readonly period: ReportingPeriod;
  /** `AdminDashboardService.report` for the company and period. */
  readonly dashboard: DashboardReport;
  /** The funnel of the candidates created in the period, per source. */
  readonly bySource: readonly { source: CandidateSource; funnel: FunnelBuckets }[];
  /** The funnel of the candidates created in each interval of the period, in order. */
  readonly intervals: readonly { from: Date; to: Date; funnel: FunnelBuckets }[];
  /** Seconds to hire of each hire in the period; null when not known. */
  readonly hireDurationsSeconds: readonly number[] | null;
  /** Hires in the period per candidate campaign (null: no campaign); null without queries. */
  readonly hiresByCampaign: readonly { campaignId: string | null; hires: number }[] | null;
  /** Ad spend per campaign in the period; null without a spend source. */
  readonly spendByCampaign: readonly { campaignId: string; spend: Money }[] | null;
}

/** Options of {@link buildCompanyReport}. */
export interface BuildCompanyReportOptions {
  readonly locale: ReportLocale;
  /** The report's title; default "Hiring report" in the locale's language. */
  readonly title?: string;
  readonly generatedAt: Date;
}

/** Upper bounds, in days, of the time-to-hire histogram's bins (the last one is open). */
export const TIME_TO_HIRE_BINS_DAYS = [7, 14, 21, 30, 45, 60, 90] as const;

const SECONDS_PER_DAY = 86_400;

/**
 * Lays a company's numbers out as a {@link Report}: a summary of KPIs, the funnel by stage,
 * conversion per step over the period, candidates per source, ad spend and cost per hire per
 * campaign, and the time-to-hire distribution, each a section with charts and tables. Pure:
 * every number comes from `data`, unchanged.
 *
 * @example
 * ```ts
 * const report = buildCompanyReport(data, { locale: 'es-MX', generatedAt: new Date() });
 * report.sections.map((s) => s.heading); // ['Resumen', 'Embudo por etapa', …]
 * ```
 */
export function buildCompanyReport(
  data: CompanyReportData,
  options: BuildCompanyReportOptions,
): Report {
  const text = reportText(options.locale);
  return {
    title: options.title ?? text.title,
    company: { id: data.company.id, name: data.company.name },
    period: data.period,
    locale: options.locale,
    generatedAt: options.generatedAt,
    labels: text.frame,
    sections: [
      summarySection(data, text),
      funnelSection(data.dashboard.funnel, text),
      conversionSection(data, text),
      sourcesSection(data, text),
      spendSection(data, text),
      timeToHireSection(data, text),
    ],
  };
}

function summarySection({ dashboard }: CompanyReportData, text: ReportText): ReportSection {
  const { funnel } = dashboard;
  return {
    id: 'summary',
    heading: text.sections.summary,
    blocks: [
      {
        kind: 'kpis',
        items: [
          { key: 'candidates', label: text.kpi.candidates, value: count(funnel.total) },
          { key: 'hires', label: text.kpi.hires, value: count(dashboard.hires) },
          {
            key: 'conversion',
            label: text.kpi.conversion,
            value: percent(ratio(funnel.reached.hired, funnel.reached.applied)),
          },
          {
            key: 'medianTimeToHire',
            label: text.kpi.medianTimeToHire,
            value: { kind: 'days', value: dashboard.medianTimeToHireDays },
          },
          { key: 'adSpend', label: text.kpi.adSpend, value: money(dashboard.adSpend) },
          { key: 'costPerHire', label: text.kpi.costPerHire, value: money(dashboard.costPerHire) },
        ],
      },
      { kind: 'note', text: text.notes.populations },
    ],
  };
}

function funnelSection(funnel: FunnelBuckets, text: ReportText): ReportSection {
  const path = FUNNEL_PATH.map((stage, i) => ({
    stage,
    label: text.stages[stage],
    conversion: i === 0 ? null : (funnel.conversion[i - 1]?.rate ?? null),
  }));
  return {
    id: 'funnel',
    heading: text.sections.funnel,
    blocks: [
      {
        kind: 'chart',
        id: 'funnel',
        title: text.sections.funnel,
        description: text.describe.funnel(FUNNEL_PATH.length),
        mark: 'bar',
        x: { field: 'stage', title: text.words.stage },
        y: { field: 'reached', title: text.words.reached, measure: 'count' },
        data: path.map(({ stage, label }) => ({ stage: label, reached: funnel.reached[stage] })),
      },
      {
        kind: 'table',
        caption: text.sections.funnel,
        rowHeader: text.words.stage,
        columns: [text.words.inStage, text.words.reached, text.words.conversionFromPrevious],
        rows: [
          ...path.map(({ stage, label, conversion }) => ({
            header: label,
            cells: [count(funnel.counts[stage]), count(funnel.reached[stage]), percent(conversion)],
          })),
          ...FUNNEL_EXITS.map((stage: FunnelStage) => ({
            header: text.stages[stage],
            cells: [count(funnel.counts[stage]), count(funnel.reached[stage]), percent(null)],
          })),
        ],
      },
    ],
  };
}

function conversionSection({ intervals }: CompanyReportData, text: ReportText): ReportSection {
  const steps = FUNNEL_PATH.slice(1).map((to, i) => ({
    index: i,
    label: `${text.stages[FUNNEL_PATH[i] as FunnelStage]} → ${text.stages[to]}`,
  }));
  const starts = intervals.map(({ from }) => isoDay(from));
  return {
    id: 'conversion',
    heading: text.sections.conversion,
    blocks: [
      {
        kind: 'chart',
        id: 'conversion-over-time',
        title: text.sections.conversion,
        description: text.describe.conversion(intervals.length),
        mark: 'line',
        x: { field: 'start', title: text.words.weekOf, temporal: true },
        y: { field: 'rate', title: text.words.conversion, measure: 'percent' },
        series: { field: 'step', title: text.words.step },
        data: intervals.flatMap(({ funnel }, n) =>
          steps.map(({ index, label }) => ({
            start: starts[n] as string,
            step: label,
            rate: funnel.conversion[index]?.rate ?? null,
          })),
        ),
      },
      {
        kind: 'table',
        caption: text.sections.conversion,
        rowHeader: text.words.weekOf,
        columns: [text.words.candidates, ...steps.map(({ label }) => label)],
        rows: intervals.map(({ funnel }, n) => ({
          header: starts[n] as string,
          cells: [
            count(funnel.total),
            ...steps.map(({ index }) => percent(funnel.conversion[index]?.rate ?? null)),
          ],
        })),
      },
    ],
  };
}

function sourcesSection({ bySource }: CompanyReportData, text: ReportText): ReportSection {
  const rows = bySource.map(({ source, funnel }) => ({
    label: text.sources[source],
    candidates: funnel.total,
    hired: funnel.reached.hired,
    conversion: ratio(funnel.reached.hired, funnel.reached.applied),
  }));
  return {
    id: 'sources',
    heading: text.sections.sources,
    blocks: [
      {
        kind: 'chart',
        id: 'candidates-per-source',
        title: text.sections.sources,
        description: text.describe.sources,
        mark: 'bar',
        x: { field: 'source', title: text.words.source },
        y: { field: 'candidates', title: text.words.candidates, measure: 'count' },
        data: rows.map(({ label, candidates }) => ({ source: label, candidates })),
      },
      {
        kind: 'table',
        caption: text.sections.sources,
        rowHeader: text.words.source,
        columns: [text.words.candidates, text.stages.hired, text.kpi.conversion],
        rows: rows.map(({ label, candidates, hired, conversion }) => ({
          header: label,
          cells: [count(candidates), count(hired), percent(conversion)],
        })),
      },
    ],
  };
}

function timeToHireSection(data: CompanyReportData, text: ReportText): ReportSection {
  const base = { id: 'time-to-hire', heading: text.sections.timeToHire };
  const kpis: ReportBlock = {
    kind: 'kpis',
    items: [
      { key: 'hires', label: text.kpi.hires, value: count(data.dashboard.hires) },
      {
        key: 'medianTimeToHire',
        label: text.kpi.medianTimeToHire,
        value: { kind: 'days', value: data.dashboard.medianTimeToHireDays },
      },
    ],
  };
  const durations = data.hireDurationsSeconds;
  if (durations === null) return { ...base, blocks: [kpis, note(text.notes.noDurations)] };
  if (durations.length === 0) return { ...base, blocks: [kpis, note(text.notes.noHires)] };
  const bins = timeToHireHistogram(durations);
  return {
    ...base,
    blocks: [
      kpis,
      {
        kind: 'chart',
        id: 'time-to-hire',
        title: text.sections.timeToHire,
        description: text.describe.timeToHire(durations.length),
        mark: 'bar',
        x: { field: 'days', title: text.words.days },
        y: { field: 'hires', title: text.words.hires, measure: 'count' },
        data: bins.map(({ label, hires }) => ({ days: label, hires })),
      },
      {
        kind: 'table',
        caption: text.sections.timeToHire,
        rowHeader: text.words.days,
        columns: [text.words.hires],
        rows: bins.map(({ label, hires }) => ({ header: label, cells: [count(hires)] })),
      },
    ],
  };
}

/**
 * Hires per bin of {@link TIME_TO_HIRE_BINS_DAYS}: `0–7`, `7–14`, … `90+` days (lower bound
 * inclusive), every bin present.
 *
 * @example
 * ```ts
 * timeToHireHistogram([3 * 86_400, 100 * 86_400]); // [{ label: '0–7', hires: 1 }, …, { label: '90+', hires: 1 }]
 * ```
 */
export function timeToHireHistogram(
  durationsSeconds: readonly number[],
): { label: string; hires: number }[] {
  const bounds = [0, ...TIME_TO_HIRE_BINS_DAYS];
  const bins = bounds.map((low, i) => ({
    label: i + 1 < bounds.length ? `${low}–${bounds[i + 1]}` : `${low}+`,
    hires: 0,
  }));
  for (const seconds of durationsSeconds) {
    const days = seconds / SECONDS_PER_DAY;
    const upper = TIME_TO_HIRE_BINS_DAYS.findIndex((bound) => days < bound);
    const bin = bins[upper === -1 ? bins.length - 1 : upper];
    if (bin) bin.hires += 1;
  }
  return bins;
}

const count = (value: number): ReportValue => ({ kind: 'count', value });
const percent = (value: number | null): ReportValue => ({ kind: 'percent', value });
const money = (value: Money | null): ReportValue => ({ kind: 'money', value });
const note = (text: string): ReportBlock => ({ kind: 'note', text });
const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
