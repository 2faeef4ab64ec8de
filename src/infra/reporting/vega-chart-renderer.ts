import type { ChartMeasure, ReportChartBlock } from '../../domain/reporting/report.js';
import { formatMeasure, toMajorUnits } from './format-report-value.js';
import { loadVega, loadVegaLite, type VegaModule } from './vega-peers.js';

/**
 * Okabe and Ito's palette: told apart by readers with any common colour-vision deficiency.
 * Exported for the HTML's own colours.
 */
export const COLOUR_BLIND_SAFE_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

/** The font stack of charts and pages: a sans-serif every Debian Chromium has (DejaVu). */
export const REPORT_FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

const FORMAT_FUNCTION = 'baltraFormat';
const registered = new WeakSet<VegaModule>();
// Vega-Lite warns on the console by default; a report renderer has nothing to say there.
const QUIET_LOGGER = {
  level: () => QUIET_LOGGER,
  info: () => QUIET_LOGGER,
  warn: () => QUIET_LOGGER,
  error: () => QUIET_LOGGER,
  debug: () => QUIET_LOGGER,
};

/**
 * Renders a report's chart to SVG with Vega-Lite compiled to Vega and Vega's headless
 * `toSVG()` (optional peers `vega-lite`, then `vega`, loaded on first use; no browser, no
 * canvas). Axis labels and each mark's `aria-label` are formatted for the report's locale.
 * The SVG has a `<title>` (the chart's text alternative), `role="img"` and no namespace URLs.
 *
 * @example
 * ```ts
 * const svg = await renderChartSvg(chart, 'es-MX');
 * ```
 */
export async function renderChartSvg(chart: ReportChartBlock, locale: string): Promise<string> {
  const vegaLite = await loadVegaLite();
  const compiled = vegaLite.compile(vegaLiteSpec(chart, locale), { logger: QUIET_LOGGER }).spec;
  return accessibleSvg(await renderVegaSvg(compiled), chart);
}

/**
 * Renders a Vega spec (for example one compiled from Vega-Lite) to SVG with Vega's headless
 * view: no browser, no canvas. The spec may use the `baltraFormat(value, "locale|measure|currency")`
 * expression function the report charts format their numbers with.
 *
 * @example
 * ```ts
 * const svg = await renderVegaSvg({ width: 100, height: 100, marks: [] });
 * ```
 */
export async function renderVegaSvg(spec: unknown): Promise<string> {
  const vega = await loadVega();
  if (!registered.has(vega)) {
    vega.expressionFunction(FORMAT_FUNCTION, formatForVega as (...args: never[]) => unknown);
    registered.add(vega);
  }
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The Vega-Lite spec of a report chart: horizontal bars (category on the y axis, stacked by
 * series when there is one) or lines with points (one colour per series).
 *
 * @example
 * ```ts
 * const spec = vegaLiteSpec(chart, 'en-US'); // compile with vega-lite, render with renderVegaSvg
 * ```
 */
export function vegaLiteSpec(chart: ReportChartBlock, locale: string): Record<string, unknown> {
  const currency = chart.currency ?? 'USD';
  const measureFormat = formatKey(locale, chart.y.measure, currency);
  const values = chart.data.map((row) =>
    chart.y.measure === 'money' && typeof row[chart.y.field] === 'number'
      ? {
          ...row,
          [chart.y.field]: toMajorUnits({ amountMinor: row[chart.y.field] as number, currency }),
        }
      : row,
  );
  const measure = {
    field: chart.y.field,
    type: 'quantitative',
    title: chart.y.title,
    axis: {
      formatType: FORMAT_FUNCTION,
      format: measureFormat,
      tickMinStep: stepOf(chart.y.measure),
    },
    formatType: FORMAT_FUNCTION,
    format: measureFormat,
  };
  const category = {
    field: chart.x.field,
    type: chart.x.temporal ? 'ordinal' : 'nominal',
    title: chart.x.title,
    sort: null,
    axis: {
      labelLimit: 220,
      ...(chart.x.temporal
        ? { formatType: FORMAT_FUNCTION, format: formatKey(locale, 'date') }
        : {}),
    },
    ...(chart.x.temporal ? { formatType: FORMAT_FUNCTION, format: formatKey(locale, 'date') } : {}),
  };
  const colour = chart.series
    ? {
        color: {
          field: chart.series.field,
          type: 'nominal',
          title: chart.series.title,
          sort: null,
          legend: { orient: 'bottom', columns: 2, labelLimit: 320 },
        },
      }
    : {};
  const common = {
    description: chart.description,
    data: { values },
    background: 'white',
    config: {
      customFormatTypes: true,
      font: REPORT_FONT,
      range: { category: [...COLOUR_BLIND_SAFE_PALETTE] },
      mark: { color: COLOUR_BLIND_SAFE_PALETTE[0], invalid: 'filter' },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      view: { stroke: null },
    },
  };
  if (chart.mark === 'line') {
    return {
      ...common,
      width: 560,
      height: 260,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { ...category, axis: { ...category.axis, labelAngle: 0 } },
        y: measure,
        ...colour,
      },
    };
  }
  return {
    ...common,
    width: 480,
    height: { step: 26 },
    mark: { type: 'bar' },
    encoding: { y: category, x: measure, ...colour },
  };
}

/** What the Vega expression `baltraFormat(value, "locale|measure|currency")` returns. */
function formatForVega(value: unknown, key: string): string {
  const [locale = 'en-US', measure = 'count', currency = 'USD'] = key.split('|');
  if (measure === 'date') {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(date);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value ?? '');
  return formatMeasure(value, measure as ChartMeasure, locale, currency);
}

function formatKey(locale: string, measure: ChartMeasure | 'date', currency = ''): string {
  return `${locale}|${measure}|${currency}`;
}

function stepOf(measure: ChartMeasure): number | undefined {
  return measure === 'count' ? 1 : undefined;
}

function accessibleSvg(svg: string, chart: ReportChartBlock): string {
  const title = escapeXml(chart.description);
  return svg
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(
      /^<svg\b([^>]*)>/,
      (_, attributes: string) =>
        `<svg${attributes} role="img" aria-label="${title}"><title>${title}</title>`,
    );
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
