import { describe, expect, it } from 'vitest';
import { costPerHireByCampaign } from '../../src/domain/reporting/cost-per-hire-by-campaign.js';

const mxn = (amountMinor: number) => ({ amountMinor, currency: 'MXN' });

describe('costPerHireByCampaign', () => {
  it('divides each campaign spend by its hires, rounded to the cent', () => {
    // Prepare
    const spend = [
      { campaignId: 'a', spend: mxn(10_000) },
      { campaignId: 'b', spend: mxn(5_000) },
    ];

    // Act
    const { campaigns } = costPerHireByCampaign(spend, [
      { campaignId: 'b', hires: 3 },
      { campaignId: 'a', hires: 4 },
    ]);

    // Assess
    expect(campaigns).toEqual([
      { campaignId: 'a', spend: mxn(10_000), hires: 4, costPerHire: mxn(2_500) },
      { campaignId: 'b', spend: mxn(5_000), hires: 3, costPerHire: mxn(1_667) },
    ]);
  });

  it('gives a campaign without hires its spend and a null cost per hire, never Infinity', () => {
    // Act
    const { campaigns } = costPerHireByCampaign([{ campaignId: 'a', spend: mxn(900) }], []);

    // Assess
    expect(campaigns).toEqual([{ campaignId: 'a', spend: mxn(900), hires: 0, costPerHire: null }]);
  });

  it('lists campaigns with hires but no spend at zero spend, and counts hires without a campaign apart', () => {
    // Act
    const result = costPerHireByCampaign(
      [{ campaignId: 'a', spend: mxn(900) }],
      [
        { campaignId: 'z', hires: 2 },
        { campaignId: null, hires: 5 },
      ],
    );

    // Assess
    expect(result.campaigns).toEqual([
      { campaignId: 'a', spend: mxn(900), hires: 0, costPerHire: null },
      { campaignId: 'z', spend: mxn(0), hires: 2, costPerHire: mxn(0) },
    ]);
    expect(result.unattributed).toBe(5);
  });
});
