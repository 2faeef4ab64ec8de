import type { Money } from '../models/ad-spend.js';
import type { ReportingPeriod } from '../models/reporting-period.js';

/** The locales a report is written and formatted in. */
export const REPORT_LOCALES = ['en-US', 'es-MX'] as const;

/** `en-US` (English, US number format) or `es-MX` (Spanish, Mexican number format). */
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/**
 * One value of a report, typed so that a renderer formats it for the report's locale: a count,
 * a ratio shown as a percentage, money, a number of days, or text. Null reads as "not available".
 */
export type ReportValue =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number | null }
  | { readonly kind: 'money'; readonly value: Money | null }
  | { readonly kind: 'days'; readonly value: number | null }
  | { readonly kind: 'text'; readonly value: string };

/** A headline figure. */
export interface ReportKpi {
  /** Stable key (`hires`, `costPerHire`, …) for code that reads the report. */
  readonly key: string;
  readonly label: string;
  readonly value: ReportValue;
}

/** A row of a table: its header cell (the row's name) and one value per value column. */
export interface ReportTableRow {
  readonly header: string;
  readonly cells: readonly ReportValue[];
}

/** Headline figures, shown as cards. */
export interface ReportKpiBlock {
  readonly kind: 'kpis';
  readonly items: readonly ReportKpi[];
}

/** A table: a caption, the header of the row-name column, the value columns' headers, rows. */
export interface ReportTableBlock {
  readonly kind: 'table';
  readonly caption: string;
  readonly rowHeader: string;
  readonly columns: readonly string[];
  readonly rows: readonly ReportTableRow[];
}

/** How a chart's measure is formatted. */
export type ChartMeasure = 'count' | 'percent' | 'money' | 'days';

/**
 * A chart, described by its data and encodings (not by a charting library): bars or lines,
 * `x` the category (or time) field, `y` the measure, `series` an optional field that splits
 * bars (stacked) or lines (one per value). `description` is the chart's text alternative.
 */
export interface ReportChartBlock {
  readonly kind: 'chart';
  /** Stable id (`funnel`, `conversion-over-time`, …), unique in a report. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly mark: 'bar' | 'line';
  readonly x: { readonly field: string; readonly title: string; readonly temporal?: boolean };
  readonly y: { readonly field: string; readonly title: string; readonly measure: ChartMeasure };
  readonly series?: { readonly field: string; readonly title: string };
  /** Money charts: the ISO 4217 currency of `y`, in major units. */
  readonly currency?: string;
  /** One row per point; category order is the order of first appearance. */
  readonly data: readonly Readonly<Record<string, string | number | null>>[];
}

/** A note in plain text (why a chart is missing, what a figure means). */
export interface ReportNoteBlock {
  readonly kind: 'note';
  readonly text: string;
}

export type ReportBlock = ReportKpiBlock | ReportTableBlock | ReportChartBlock | ReportNoteBlock;

/** A section of a report: printed on a page of its own. */
export interface ReportSection {
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
}

/**
 * A report, in the domain's terms: what a `ReportRenderer` turns into HTML, PDF or PNG.
 * Every text is already in the report's language; values are formatted by the renderer.
 */
export interface Report {
  readonly title: string;
  readonly company: { readonly id: string; readonly name: string };
  readonly period: ReportingPeriod;
  readonly locale: ReportLocale;
  readonly generatedAt: Date;
  /** The labels a renderer prints around the sections ("Period", "Generated", …). */
  readonly labels: ReportFrameLabels;
  readonly sections: readonly ReportSection[];
}

/** The fixed texts around a report's sections, in its language. */
export interface ReportFrameLabels {
  readonly period: string;
  readonly generated: string;
  readonly notAvailable: string;
  readonly page: string;
}
