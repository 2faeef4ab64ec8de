import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_PATH } from '../../src/domain/models/funnel-stage.js';
import { timeToHireHistogram } from '../../src/domain/reporting/build-company-report.js';
import type { Report } from '../../src/domain/reporting/report.js';
import { reportText } from '../../src/domain/reporting/report-text.js';
import { formatMoney } from '../../src/infra/reporting/format-report-value.js';
import { HtmlReportRenderer } from '../../src/infra/reporting/html-report-renderer.js';
import { renderReportHtml } from '../../src/infra/reporting/render-report-html.js';
import {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
} from '../../src/infra/reporting/seed-sample-reporting-data.js';
import { COLOUR_BLIND_SAFE_PALETTE } from '../../src/infra/reporting/vega-chart-renderer.js';
import { expectedCampaignCosts } from './support/expected-campaign-costs.js';
import { openSampleApp, type SampleApp } from './support/sample-app.js';

const COMPANY = SAMPLE_COMPANIES[1]?.id as string;

/** The figure of one chart in the HTML. */
function figure(html: string, chartId: string): string {
  const match = new RegExp(
    `<figure class="chart" data-chart="${chartId}">[\\s\\S]*?</figure>`,
  ).exec(html);
  if (!match) throw new Error(`no chart ${chartId}`);
  return match[0];
}

/** The data points of a chart, read back from its marks' aria-labels ("Field: value; …"). */
function chartPoints(html: string, chartId: string): Record<string, string>[] {
  return [
    ...figure(html, chartId).matchAll(/<path aria-label="([^"]*)" role="graphics-symbol"/g),
  ].map((match) =>
    Object.fromEntries(
      (match[1] ?? '').split('; ').map((pair) => {
        const at = pair.indexOf(': ');
        return [pair.slice(0, at), pair.slice(at + 2)];
      }),
    ),
  );
}

const number = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));

describe('the HTML report of a sample company', () => {
  let sample: SampleApp;
  let report: Report;
  let html: string;

  beforeAll(async () => {
    sample = await openSampleApp();
    report = await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'en-US' });
    html = await renderReportHtml(report);
  });
  afterAll(async () => {
    await sample.app.close();
  });

  it('is self-contained: no script, no stylesheet link, no URL anywhere, no src or href', () => {
    // Assess
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/https?:|\/\/[a-z0-9]/i);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
  });

  it('is one document: doctype, language, title, one h1 and an h2 per section it is labelled by', () => {
    // Assess
    expect(html.startsWith('<!doctype html>\n<html lang="en-US">')).toBe(true);
    expect(html).toContain(`<title>Hiring report — ${SAMPLE_COMPANIES[1]?.name}</title>`);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    const sections = [
      ...html.matchAll(
        /<section id="([^"]+)" aria-labelledby="h-\1">\n<h2 id="h-\1">([^<]+)<\/h2>/g,
      ),
    ];
    expect(sections.map((match) => match[2])).toEqual(report.sections.map((s) => s.heading));
    expect(html.match(/<section\b/g)).toHaveLength(report.sections.length);
    expect(html.match(/<\/section>/g)).toHaveLength(report.sections.length);
  });

  it('gives every table a caption, column headers and row headers with their scope', () => {
    // Act
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];

    // Assess
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const table of tables) {
      expect(table).toMatch(
        /^<table>\n<caption>[^<]+<\/caption>\n<thead><tr>(<th scope="col">[^<]+<\/th>)+<\/tr><\/thead>/,
      );
      const rows = table.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr>/g) ?? [];
      const rowHeaders = table.match(/<th scope="row">/g) ?? [];
      expect(rowHeaders.length).toBe(rows.length);
      expect(table).not.toMatch(/<th>/);
    }
  });

  it('gives every chart a text alternative (role img, aria-label, title) and a caption', () => {
    // Act
    const charts = report.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'chart');

    // Assess
    expect(charts.map((c) => c.id)).toEqual([
      'funnel',
      'conversion-over-time',
      'candidates-per-source',
      'spend-per-campaign',
      'cost-per-hire-per-campaign',
      'time-to-hire',
    ]);
    for (const chart of charts) {
      const svg = figure(html, chart.id);
      expect(svg).toContain(
        `role="img" aria-label="${chart.description}"><title>${chart.description}</title>`,
      );
      expect(svg).toContain(`<figcaption>${chart.title}</figcaption>`);
    }
  });

  it('colours marks only from the colour-blind-safe palette', () => {
    // Act
    const fills = new Set(
      [...html.matchAll(/role="graphics-symbol"[^>]*?(?:fill|stroke)="(#[0-9a-fA-F]{6})"/g)].map(
        (match) => match[1]?.toUpperCase(),
      ),
    );

    // Assess
    expect(fills.size).toBeGreaterThan(1);
    for (const fill of fills) expect(COLOUR_BLIND_SAFE_PALETTE).toContain(fill);
  });

  it("draws the funnel chart's bars from the dashboard service's funnel, stage by stage", async () => {
    // Prepare
    const { funnel } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const text = reportText('en-US');

    // Act
    const points = chartPoints(html, 'funnel');

    // Assess
    expect(points.map((p) => [p.Stage, number(p.Reached)])).toEqual(
      FUNNEL_PATH.map((stage) => [text.stages[stage], funnel.reached[stage]]),
    );
  });

  it('draws the time-to-hire bars from the hire durations, and the source bars add up to the total', async () => {
    // Prepare
    const { funnel } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const seconds = await sample.queries.hireDurations(COMPANY, SAMPLE_PERIOD);

    // Act
    const bins = chartPoints(html, 'time-to-hire');
    const sources = chartPoints(html, 'candidates-per-source');

    // Assess
    expect(bins.map((p) => [p['Days to hire'], number(p.Hires)])).toEqual(
      timeToHireHistogram(seconds).map(({ label, hires }) => [label, hires]),
    );
    expect(sources.reduce((sum, p) => sum + number(p.Candidates), 0)).toBe(funnel.total);
  });

  it('draws each campaign bar at its spend, in the currency of the dashboard', async () => {
    // Prepare
    const { adSpend } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const chart = report.sections
      .flatMap((s) => s.blocks)
      .find((b) => b.kind === 'chart' && b.id === 'spend-per-campaign');
    if (chart?.kind !== 'chart') throw new Error('no spend chart');

    // Act
    const points = chartPoints(html, 'spend-per-campaign');

    // Assess
    expect(points.map((p) => p.Spend)).toEqual(
      chart.data.map((row) =>
        formatMoney({ amountMinor: row.spendMinor as number, currency: 'MXN' }, 'en-US'),
      ),
    );
    expect(adSpend?.currency).toBe('MXN');
  });

  it('draws each campaign bar at its spend over its hires, computed apart from the seeded rows', async () => {
    // Prepare
    const expected = await expectedCampaignCosts(sample, COMPANY, SAMPLE_PERIOD);

    // Act
    const points = chartPoints(html, 'cost-per-hire-per-campaign');

    // Assess
    const withHires = expected.campaigns.filter((c) => c.costPerHireMinor !== null);
    expect(withHires.length).toBeGreaterThan(0);
    expect(points.map((p) => [p.Campaign, p['Cost per hire']])).toEqual(
      withHires.map((c) => [
        c.campaign,
        formatMoney({ amountMinor: c.costPerHireMinor as number, currency: 'MXN' }, 'en-US'),
      ]),
    );
  });

  it("prints the KPIs as the dashboard's numbers, formatted per locale (en-US and es-MX)", async () => {
    // Prepare
    const dashboard = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const spanish = await renderReportHtml(
      await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'es-MX' }),
    );
    const money = (locale: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency: 'MXN' }).format(
        (dashboard.costPerHire?.amountMinor ?? 0) / 100,
      );
    const days = (locale: string) =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'day',
        unitDisplay: 'long',
        maximumFractionDigits: 1,
      }).format(dashboard.medianTimeToHireDays ?? 0);

    // Assess
    expect(html).toContain(`<dd data-kpi="hires">${dashboard.hires}</dd>`);
    expect(html).toContain(`<dd data-kpi="costPerHire">${money('en-US')}</dd>`);
    expect(spanish).toContain(`<dd data-kpi="costPerHire">${money('es-MX')}</dd>`);
    expect(html).toContain(`<dd data-kpi="medianTimeToHire">${days('en-US')}</dd>`);
    expect(spanish).toContain(`<dd data-kpi="medianTimeToHire">${days('es-MX')}</dd>`);
    expect(days('es-MX')).toMatch(/días$/);
    expect(spanish).toContain('<html lang="es-MX">');
    expect(spanish).toContain('1 de octubre de 2026 – 30 de noviembre de 2026');
    expect(html).toContain('October 1, 2026 – November 30, 2026');
  });

  it('escapes what it prints: a company name with markup stays text', async () => {
    // Prepare
    const hostile: Report = {
      ...report,
      company: { id: COMPANY, name: '<script>alert("x")</script> & Co' },
    };

    // Act
    const rendered = await new HtmlReportRenderer().render(hostile);

    // Assess
    const text = new TextDecoder().decode(rendered.bytes);
    expect(rendered.contentType).toBe('text/html; charset=utf-8');
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });
});
