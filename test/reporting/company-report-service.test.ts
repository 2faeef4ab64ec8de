import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_PATH, FUNNEL_STAGES } from '../../src/domain/models/funnel-stage.js';
import {
  buildCompanyReport,
  timeToHireHistogram,
} from '../../src/domain/reporting/build-company-report.js';
import {
  CompanyReportService,
  splitPeriod,
} from '../../src/domain/reporting/company-report-service.js';
import type {
  Report,
  ReportChartBlock,
  ReportKpiBlock,
  ReportTableBlock,
} from '../../src/domain/reporting/report.js';
import { reportText } from '../../src/domain/reporting/report-text.js';
import { FunnelService } from '../../src/domain/services/funnel-service.js';
import { TOKENS } from '../../src/infra/container/tokens.js';
import {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
} from '../../src/infra/reporting/seed-sample-reporting-data.js';
import { expectedCampaignCosts } from './support/expected-campaign-costs.js';
import { openSampleApp, type SampleApp } from './support/sample-app.js';

const COMPANY = SAMPLE_COMPANIES[0]?.id as string;

function kpis(report: Report, sectionId: string): Record<string, unknown> {
  const block = report.sections
    .find((s) => s.id === sectionId)
    ?.blocks.find((b): b is ReportKpiBlock => b.kind === 'kpis');
  return Object.fromEntries((block?.items ?? []).map((item) => [item.key, item.value]));
}

function block<K extends 'chart' | 'table'>(
  report: Report,
  sectionId: string,
  kind: K,
): K extends 'chart' ? ReportChartBlock : ReportTableBlock {
  const found = report.sections
    .find((s) => s.id === sectionId)
    ?.blocks.find((b) => b.kind === kind);
  if (!found) throw new Error(`no ${kind} in section ${sectionId}`);
  return found as K extends 'chart' ? ReportChartBlock : ReportTableBlock;
}

describe('CompanyReportService on the embedded database with the sample companies', () => {
  let sample: SampleApp;
  let report: Report;

  beforeAll(async () => {
    sample = await openSampleApp();
    report = await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'en-US' });
  });
  afterAll(async () => {
    await sample.app.close();
  });

  it("puts the dashboard service's numbers for the same company and period in the summary", async () => {
    // Act
    const dashboard = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);

    // Assess
    expect(dashboard.hires).toBeGreaterThan(0);
    expect(dashboard.costPerHire).not.toBeNull();
    expect(kpis(report, 'summary')).toEqual({
      candidates: { kind: 'count', value: dashboard.funnel.total },
      hires: { kind: 'count', value: dashboard.hires },
      conversion: {
        kind: 'percent',
        value: dashboard.funnel.reached.hired / dashboard.funnel.reached.applied,
      },
      medianTimeToHire: { kind: 'days', value: dashboard.medianTimeToHireDays },
      adSpend: { kind: 'money', value: dashboard.adSpend },
      costPerHire: { kind: 'money', value: dashboard.costPerHire },
    });
    expect(report.company).toEqual({ id: COMPANY, name: SAMPLE_COMPANIES[0]?.name });
    expect(report.generatedAt).toEqual(new Date('2026-12-07T12:00:00.000Z'));
  });

  it("charts and tabulates the funnel as the dashboard's funnel: who reached each stage, who is in it", async () => {
    // Prepare
    const { funnel } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const text = reportText('en-US');

    // Act
    const chart = block(report, 'funnel', 'chart');
    const table = block(report, 'funnel', 'table');

    // Assess
    expect(chart.data).toEqual(
      FUNNEL_PATH.map((stage) => ({ stage: text.stages[stage], reached: funnel.reached[stage] })),
    );
    expect(table.rows.map((row) => [row.header, row.cells[0], row.cells[1]])).toEqual(
      FUNNEL_STAGES.map((stage) => [
        text.stages[stage],
        { kind: 'count', value: funnel.counts[stage] },
        { kind: 'count', value: funnel.reached[stage] },
      ]),
    );
  });

  it('counts candidates per source as the funnel filtered by source, adding up to the total', async () => {
    // Prepare
    const uow = sample.app.get(TOKENS.UnitOfWork);
    const referrals = await uow.run((repos) =>
      new FunnelService(repos).buckets(COMPANY, {
        source: 'referral',
        createdFrom: SAMPLE_PERIOD.from,
        createdTo: SAMPLE_PERIOD.to,
      }),
    );

    // Act
    const chart = block(report, 'sources', 'chart');

    // Assess
    const total = chart.data.reduce((sum, row) => sum + (row.candidates as number), 0);
    expect(total).toBe(SAMPLE_COMPANIES[0]?.candidates);
    expect(chart.data).toContainEqual({ source: 'Referral', candidates: referrals.total });
    expect(referrals.total).toBeGreaterThan(0);
  });

  it('cuts the period into weekly intervals whose funnels add up to the whole funnel', async () => {
    // Prepare
    const { funnel } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);

    // Act
    const table = block(report, 'conversion', 'table');
    const chart = block(report, 'conversion', 'chart');

    // Assess
    const intervals = splitPeriod(SAMPLE_PERIOD);
    expect(table.rows.map((row) => row.header)).toEqual(
      intervals.map(({ from }) => from.toISOString().slice(0, 10)),
    );
    const created = table.rows.reduce(
      (sum, row) => sum + (row.cells[0]?.kind === 'count' ? row.cells[0].value : 0),
      0,
    );
    expect(created).toBe(funnel.total);
    expect(chart.data).toHaveLength(intervals.length * (FUNNEL_PATH.length - 1));
  });

  it("bins one time to hire per hire, whose median is the dashboard's median", async () => {
    // Prepare
    const dashboard = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);

    // Act
    const seconds = await sample.queries.hireDurations(COMPANY, SAMPLE_PERIOD);
    const chart = block(report, 'time-to-hire', 'chart');

    // Assess
    expect(seconds).toHaveLength(dashboard.hires);
    const middle = seconds.length / 2;
    const median =
      seconds.length % 2 === 1
        ? (seconds[Math.floor(middle)] as number)
        : ((seconds[middle - 1] as number) + (seconds[middle] as number)) / 2;
    expect(median / 86_400).toBeCloseTo(dashboard.medianTimeToHireDays as number, 6);
    expect(chart.data).toEqual(
      timeToHireHistogram(seconds).map(({ label, hires }) => ({ days: label, hires })),
    );
    expect(chart.data.reduce((sum, row) => sum + (row.hires as number), 0)).toBe(dashboard.hires);
  });

  it('breaks ad spend down per campaign, adding up to the dashboard total', async () => {
    // Prepare
    const { adSpend } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);

    // Act
    const chart = block(report, 'spend', 'chart');

    // Assess
    expect(chart.currency).toBe('MXN');
    expect(chart.data.reduce((sum, row) => sum + (row.spendMinor as number), 0)).toBe(
      adSpend?.amountMinor,
    );
  });

  it('gives cost per hire per campaign as spend over hires, computed apart from the seeded rows', async () => {
    // Prepare
    const expected = await expectedCampaignCosts(sample, COMPANY, SAMPLE_PERIOD);
    const text = reportText('en-US');

    // Act
    const chart = report.sections
      .flatMap((s) => s.blocks)
      .find((b) => b.kind === 'chart' && b.id === 'cost-per-hire-per-campaign');
    const table = block(report, 'spend', 'table');
    const notes = report.sections.find((s) => s.id === 'spend')?.blocks ?? [];

    // Assess
    expect(expected.campaigns.length).toBe(3);
    expect(expected.campaigns.every((c) => c.hires > 0)).toBe(true);
    expect(expected.unattributed).toBeGreaterThan(0);
    expect(chart?.kind === 'chart' ? chart.data : null).toEqual(
      expected.campaigns.map((c) => ({
        campaign: c.campaign,
        costPerHireMinor: c.costPerHireMinor,
      })),
    );
    expect(table.columns).toEqual([
      text.words.spend,
      text.words.shareOfSpend,
      text.words.hires,
      text.kpi.costPerHire,
    ]);
    expect(table.rows.map((row) => [row.header, row.cells[0], row.cells[2], row.cells[3]])).toEqual(
      expected.campaigns.map((c) => [
        c.campaign,
        { kind: 'money', value: { amountMinor: c.spendMinor, currency: 'MXN' } },
        { kind: 'count', value: c.hires },
        { kind: 'money', value: { amountMinor: c.costPerHireMinor, currency: 'MXN' } },
      ]),
    );
    expect(notes).toContainEqual({
      kind: 'note',
      text: text.notes.unattributedHires(expected.unattributed),
    });
  });

  it('counts the hires per campaign over the same hires as the dashboard', async () => {
    // Prepare
    const { hires } = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);

    // Act
    const rows = await sample.queries.hiresByCampaign(COMPANY, SAMPLE_PERIOD);

    // Assess
    expect(rows.reduce((sum, row) => sum + row.hires, 0)).toBe(hires);
    expect(rows.some((row) => row.campaignId === null)).toBe(true);
  });

  it('lists the companies by name', async () => {
    // Act
    const companies = await sample.queries.listCompanies();

    // Assess
    expect(companies).toEqual(
      [...SAMPLE_COMPANIES]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ id, name }) => ({ id, name })),
    );
  });

  it('writes every text in Spanish for es-MX', async () => {
    // Act
    const spanish = await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'es-MX' });

    // Assess
    expect(spanish.title).toBe('Reporte de contratación');
    expect(spanish.sections.map((s) => s.heading)).toEqual(
      Object.values(reportText('es-MX').sections),
    );
  });

  it('says what is not available without report queries or a spend source', async () => {
    // Prepare
    const bare = new CompanyReportService({ unitOfWork: sample.app.get(TOKENS.UnitOfWork) });

    // Act
    const plain = await bare.report(COMPANY, SAMPLE_PERIOD);

    // Assess
    const text = reportText('en-US');
    const blocks = (id: string) => plain.sections.find((s) => s.id === id)?.blocks ?? [];
    expect(blocks('spend')).toContainEqual({ kind: 'note', text: text.notes.noSpend });
    expect(blocks('time-to-hire')).toContainEqual({ kind: 'note', text: text.notes.noDurations });
    expect(kpis(plain, 'summary').costPerHire).toEqual({ kind: 'money', value: null });
  });

  it('refuses an unknown company (NOT_FOUND) and a reversed period (VALIDATION_FAILED)', async () => {
    // Act
    const unknown = sample.reports.report('6a1f0c9e-3b2d-4c5e-8f70-0000000000ff', SAMPLE_PERIOD);
    const reversed = sample.reports.report(COMPANY, {
      from: SAMPLE_PERIOD.to,
      to: SAMPLE_PERIOD.from,
    });

    // Assess
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reversed).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('splitPeriod', () => {
  it('cuts a period into weeks, the last one shorter', () => {
    // Act
    const weeks = splitPeriod({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-18T00:00:00Z'),
    });

    // Assess
    expect(weeks.map(({ from, to }) => [from.toISOString(), to.toISOString()])).toEqual([
      ['2026-03-01T00:00:00.000Z', '2026-03-08T00:00:00.000Z'],
      ['2026-03-08T00:00:00.000Z', '2026-03-15T00:00:00.000Z'],
      ['2026-03-15T00:00:00.000Z', '2026-03-18T00:00:00.000Z'],
    ]);
  });

  it('uses at most twelve longer intervals for a long period, covering it exactly', () => {
    // Prepare
    const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };

    // Act
    const intervals = splitPeriod(period);

    // Assess
    expect(intervals.length).toBeLessThanOrEqual(12);
    expect(intervals[0]?.from).toEqual(period.from);
    expect(intervals.at(-1)?.to).toEqual(period.to);
    for (const [i, interval] of intervals.entries()) {
      if (i > 0) expect(interval.from).toEqual(intervals[i - 1]?.to);
    }
  });
});

describe('timeToHireHistogram', () => {
  it('puts each duration in its bin, lower bound included, the last bin open', () => {
    // Act
    const bins = timeToHireHistogram([0, 6.9 * 86_400, 7 * 86_400, 30 * 86_400, 400 * 86_400]);

    // Assess
    expect(bins).toEqual([
      { label: '0–7', hires: 2 },
      { label: '7–14', hires: 1 },
      { label: '14–21', hires: 0 },
      { label: '21–30', hires: 0 },
      { label: '30–45', hires: 1 },
      { label: '45–60', hires: 0 },
      { label: '60–90', hires: 0 },
      { label: '90+', hires: 1 },
    ]);
  });
});

describe('buildCompanyReport', () => {
  it('takes the title given', () => {
    // Prepare
    const funnel = {
      companyId: COMPANY,
      total: 0,
      counts: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])),
      reached: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])),
      conversion: [],
    } as never;

    // Act
    const report = buildCompanyReport(
      {
        company: { id: COMPANY, name: 'Acme' },
        period: SAMPLE_PERIOD,
        dashboard: {
          companyId: COMPANY,
          period: SAMPLE_PERIOD,
          funnel,
          hires: 0,
          medianTimeToHireDays: null,
          adSpend: null,
          costPerHire: null,
        },
        bySource: [],
        intervals: [],
        hireDurationsSeconds: [],
        hiresByCampaign: null,
        spendByCampaign: null,
      },
      { locale: 'en-US', title: 'Weekly funnel', generatedAt: SAMPLE_PERIOD.to },
    );

    // Assess
    expect(report.title).toBe('Weekly funnel');
    expect(kpis(report, 'summary').conversion).toEqual({ kind: 'percent', value: null });
    expect(report.sections.find((s) => s.id === 'time-to-hire')?.blocks).toContainEqual({
      kind: 'note',
      text: reportText('en-US').notes.noHires,
    });
  });
});
