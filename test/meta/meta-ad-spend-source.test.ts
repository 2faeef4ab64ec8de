import { MetaAdSpendSource, spendToMinorUnits } from '@baltra/sdk/meta';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anInsightRow, META_TEST_TOKEN } from '../support/fake-graph-fixtures.js';
import { FakeGraphServer } from '../support/fake-graph-server.js';

const COMPANY = '00000000-0000-4000-8000-000000000001';
let fake: FakeGraphServer;

beforeAll(async () => {
  fake = await FakeGraphServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('MetaAdSpendSource (real SDK, fake Graph)', () => {
  it('maps campaign-day insights to minor units, following every page, within the period', async () => {
    // Prepare
    const rows = ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'].flatMap((day) => [
      anInsightRow({ campaign_id: 'camp-1', date_start: day, date_stop: day, spend: '10.5' }),
      anInsightRow({ campaign_id: 'camp-2', date_start: day, date_stop: day, spend: '0.07' }),
    ]);
    fake.setInsights('998877', rows);
    const source = new MetaAdSpendSource({
      accessToken: META_TEST_TOKEN,
      graphBaseUrl: fake.url,
      adAccountId: () => 'act_998877',
      pageSize: 2,
    });

    // Act
    const entries = await source.spend(COMPANY, {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-03T00:00:00Z'),
    });

    // Assess
    expect(entries).toEqual([
      { campaignId: 'camp-1', day: '2026-03-01', spend: { amountMinor: 1050, currency: 'MXN' } },
      { campaignId: 'camp-2', day: '2026-03-01', spend: { amountMinor: 7, currency: 'MXN' } },
      { campaignId: 'camp-1', day: '2026-03-02', spend: { amountMinor: 1050, currency: 'MXN' } },
      { campaignId: 'camp-2', day: '2026-03-02', spend: { amountMinor: 7, currency: 'MXN' } },
    ]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({
      path: 'act_998877/insights',
      params: {
        level: 'campaign',
        time_increment: '1',
        fields: 'campaign_id,spend,date_start,account_currency',
        time_range: JSON.stringify({ since: '2026-03-01', until: '2026-03-02' }),
      },
    });
  });

  it('converts decimal spend strings exactly, by the currency digits', () => {
    // Act / Assess
    expect(spendToMinorUnits('12.34', 'MXN')).toBe(1234);
    expect(spendToMinorUnits('0.1', 'USD')).toBe(10);
    expect(spendToMinorUnits('1234.565', 'USD')).toBe(123457);
    expect(spendToMinorUnits('1500', 'JPY')).toBe(1500);
    expect(() => spendToMinorUnits('-1', 'USD')).toThrow(RangeError);
  });
});
