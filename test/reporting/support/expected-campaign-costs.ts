// Cost per hire per campaign computed apart from the report: the sample's ad spend summed in
// JavaScript, and every move to `hired` with its candidate's campaign read as plain rows.

import { sql } from 'kysely';
import type { ReportingPeriod } from '../../../src/domain/models/reporting-period.js';
import { TOKENS } from '../../../src/infra/container/tokens.js';
import { sampleAdSpend } from '../../../src/infra/reporting/seed-sample-reporting-data.js';
import type { SampleApp } from './sample-app.js';

export interface ExpectedCampaignCost {
  readonly campaign: string;
  readonly spendMinor: number;
  readonly hires: number;
  /** Spend over hires in minor units, rounded; null without hires. */
  readonly costPerHireMinor: number | null;
}

/** Per campaign of the company's sample spend, and the hires without a campaign. */
export async function expectedCampaignCosts(
  sample: SampleApp,
  companyId: string,
  period: ReportingPeriod,
): Promise<{ campaigns: ExpectedCampaignCost[]; unattributed: number }> {
  const spend = new Map<string, number>();
  const fromDay = period.from.toISOString().slice(0, 10);
  const toDay = period.to.toISOString().slice(0, 10);
  for (const entry of sampleAdSpend()[companyId] ?? []) {
    if (entry.day < fromDay || entry.day >= toDay) continue;
    spend.set(entry.campaignId, (spend.get(entry.campaignId) ?? 0) + entry.spend.amountMinor);
  }
  const { rows } = await sql<{ campaign_id: string | null; at: Date; company_id: string }>`
    select c.campaign_id, t.at, t.company_id
    from stage_transitions t join candidates c on c.id = t.candidate_id
    where t.to_stage = 'hired'`.execute(sample.app.get(TOKENS.Database));
  const hires = new Map<string, number>();
  let unattributed = 0;
  for (const row of rows) {
    const at = new Date(row.at).getTime();
    if (row.company_id !== companyId || at < period.from.getTime() || at >= period.to.getTime())
      continue;
    if (row.campaign_id === null) unattributed += 1;
    else hires.set(row.campaign_id, (hires.get(row.campaign_id) ?? 0) + 1);
  }
  const campaigns = [...spend].map(([campaign, spendMinor]) => {
    const count = hires.get(campaign) ?? 0;
    return {
      campaign,
      spendMinor,
      hires: count,
      costPerHireMinor: count === 0 ? null : Math.round(spendMinor / count),
    };
  });
  return { campaigns, unattributed };
}
