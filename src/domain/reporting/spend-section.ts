import type { Money } from '../models/ad-spend.js';
import type { DashboardReport } from '../models/dashboard-report.js';
import { type CampaignHires, costPerHireByCampaign } from './cost-per-hire-by-campaign.js';
import type { ReportBlock, ReportSection, ReportValue } from './report.js';
import type { ReportText } from './report-text.js';

/** What the spend section reads of `CompanyReportData`. */
export interface SpendSectionData {
  readonly dashboard: DashboardReport;
  readonly spendByCampaign: readonly { campaignId: string; spend: Money }[] | null;
  readonly hiresByCampaign: readonly CampaignHires[] | null;
}

/**
 * The report's spend section: ad spend, hires and cost per hire as KPIs, then per campaign a
 * chart of spend, a chart of cost per hire (the campaign's spend in the period over the hires
 * of its candidates; no bar for a campaign without hires) and a table of both, with a note on
 * the hires without a campaign. Without hires per campaign, spend only and a note saying so.
 *
 * @example
 * ```ts
 * const section = spendSection(data, reportText('en-US'));
 * section.blocks.map((b) => b.kind); // ['kpis', 'chart', 'chart', 'table', 'note']
 * ```
 */
export function spendSection(
  { dashboard, spendByCampaign, hiresByCampaign }: SpendSectionData,
  text: ReportText,
): ReportSection {
  const base = { id: 'spend', heading: text.sections.spend };
  const kpis: ReportBlock = {
    kind: 'kpis',
    items: [
      { key: 'adSpend', label: text.kpi.adSpend, value: money(dashboard.adSpend) },
      { key: 'hires', label: text.kpi.hires, value: count(dashboard.hires) },
      { key: 'costPerHire', label: text.kpi.costPerHire, value: money(dashboard.costPerHire) },
    ],
  };
  const total = dashboard.adSpend;
  if (!spendByCampaign || spendByCampaign.length === 0 || !total) {
    return { ...base, blocks: [kpis, note(text.notes.noSpend)] };
  }
  const spendChart: ReportBlock = {
    kind: 'chart',
    id: 'spend-per-campaign',
    title: text.sections.spend,
    description: text.describe.spend(spendByCampaign.length),
    mark: 'bar',
    x: { field: 'campaign', title: text.words.campaign },
    y: { field: 'spendMinor', title: text.words.spend, measure: 'money' },
    currency: total.currency,
    data: spendByCampaign.map(({ campaignId, spend }) => ({
      campaign: campaignId,
      spendMinor: spend.amountMinor,
    })),
  };
  const share = (spend: Money): ReportValue =>
    percent(total.amountMinor === 0 ? null : spend.amountMinor / total.amountMinor);
  if (!hiresByCampaign) {
    return {
      ...base,
      blocks: [
        kpis,
        spendChart,
        {
          kind: 'table',
          caption: text.sections.spend,
          rowHeader: text.words.campaign,
          columns: [text.words.spend, text.words.shareOfSpend],
          rows: spendByCampaign.map(({ campaignId, spend }) => ({
            header: campaignId,
            cells: [money(spend), share(spend)],
          })),
        },
        note(text.notes.noCampaignHires),
      ],
    };
  }
  const { campaigns, unattributed } = costPerHireByCampaign(spendByCampaign, hiresByCampaign);
  return {
    ...base,
    blocks: [
      kpis,
      spendChart,
      {
        kind: 'chart',
        id: 'cost-per-hire-per-campaign',
        title: text.kpi.costPerHire,
        description: text.describe.costPerHire(campaigns.length),
        mark: 'bar',
        x: { field: 'campaign', title: text.words.campaign },
        y: { field: 'costPerHireMinor', title: text.kpi.costPerHire, measure: 'money' },
        currency: total.currency,
        data: campaigns.map(({ campaignId, costPerHire }) => ({
          campaign: campaignId,
          costPerHireMinor: costPerHire?.amountMinor ?? null,
        })),
      },
      {
        kind: 'table',
        caption: text.sections.spend,
        rowHeader: text.words.campaign,
        columns: [
          text.words.spend,
          text.words.shareOfSpend,
          text.words.hires,
          text.kpi.costPerHire,
        ],
        rows: campaigns.map(({ campaignId, spend, hires, costPerHire }) => ({
          header: campaignId,
          cells: [money(spend), share(spend), count(hires), money(costPerHire)],
        })),
      },
      note(text.notes.unattributedHires(unattributed)),
    ],
  };
}

const count = (value: number): ReportValue => ({ kind: 'count', value });
const percent = (value: number | null): ReportValue => ({ kind: 'percent', value });
const money = (value: Money | null): ReportValue => ({ kind: 'money', value });
const note = (text: string): ReportBlock => ({ kind: 'note', text });
