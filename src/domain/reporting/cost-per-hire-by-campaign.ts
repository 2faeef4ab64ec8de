import type { Money } from '../models/ad-spend.js';

/** Hires of a period attributed to one campaign; `campaignId` null for hires without one. */
export interface CampaignHires {
  readonly campaignId: string | null;
  readonly hires: number;
}

/** A campaign's spend, hires and cost per hire in a period. */
export interface CampaignCost {
  readonly campaignId: string;
  readonly spend: Money;
  readonly hires: number;
  /** Spend over hires, rounded to the minor unit; null when the campaign has no hire. */
  readonly costPerHire: Money | null;
}

/**
 * Cost per hire of each campaign: its spend in the period over the hires attributed to it.
 * Every campaign with spend is listed in the order given (one with no hire has a null cost per
 * hire, never Infinity or NaN), then campaigns with hires but no spend (spend 0, in the
 * currency of the spend). Hires without a campaign are left out: see `unattributed`.
 *
 * @example
 * ```ts
 * const { campaigns, unattributed } = costPerHireByCampaign(
 *   [{ campaignId: 'a', spend: { amountMinor: 30_000, currency: 'MXN' } }],
 *   [{ campaignId: 'a', hires: 3 }, { campaignId: null, hires: 2 }],
 * );
 * campaigns[0]?.costPerHire; // { amountMinor: 10_000, currency: 'MXN' }
 * unattributed; // 2
 * ```
 */
export function costPerHireByCampaign(
  spendByCampaign: readonly { campaignId: string; spend: Money }[],
  hiresByCampaign: readonly CampaignHires[],
): { campaigns: CampaignCost[]; unattributed: number } {
  const hires = new Map<string, number>();
  let unattributed = 0;
  for (const row of hiresByCampaign) {
    if (row.campaignId === null) unattributed += row.hires;
    else hires.set(row.campaignId, (hires.get(row.campaignId) ?? 0) + row.hires);
  }
  const currency = spendByCampaign[0]?.spend.currency;
  const campaigns = spendByCampaign.map(({ campaignId, spend }) =>
    campaignCost(campaignId, spend, hires.get(campaignId) ?? 0),
  );
  const listed = new Set(spendByCampaign.map(({ campaignId }) => campaignId));
  if (currency !== undefined) {
    for (const [campaignId, count] of hires) {
      if (!listed.has(campaignId)) {
        campaigns.push(campaignCost(campaignId, { amountMinor: 0, currency }, count));
      }
    }
  }
  return { campaigns, unattributed };
}

function campaignCost(campaignId: string, spend: Money, hires: number): CampaignCost {
  return {
    campaignId,
    spend,
    hires,
    costPerHire:
      hires > 0
        ? { amountMinor: Math.round(spend.amountMinor / hires), currency: spend.currency }
        : null,
  };
}
