import type { FakeInsightRow, FakeLead } from './fake-graph-server.js';

/** The token the Meta tests use: it must never appear in an error. */
export const META_TEST_TOKEN = 'EAAB-very-secret-token-0123456789';

let leadCounter = 0;

/** A valid Graph lead (name, Mexican phone, email) created at `createdTime`. */
export function aFakeLead(overrides: Partial<FakeLead> & { createdTime?: Date } = {}): FakeLead {
  leadCounter += 1;
  const { createdTime, ...rest } = overrides;
  const n = String(leadCounter).padStart(4, '0');
  return {
    id: `lead-${n}`,
    created_time: (createdTime ?? new Date('2026-03-01T10:00:00Z'))
      .toISOString()
      .replace('Z', '+0000')
      .replace('.000', ''),
    field_data: [
      { name: 'full_name', values: [`Ana ${n}`] },
      { name: 'phone_number', values: [`+52 55 1234 ${n}`] },
      { name: 'email', values: [`ana${n}@example.com`] },
    ],
    ad_id: 'ad-1',
    campaign_id: 'camp-1',
    ...rest,
  };
}

/** `count` leads one minute apart from `start`. */
export function someFakeLeads(count: number, start = new Date('2026-03-01T10:00:00Z')): FakeLead[] {
  return Array.from({ length: count }, (_, i) =>
    aFakeLead({ createdTime: new Date(start.getTime() + i * 60_000) }),
  );
}

/** An insights row of one campaign and day. */
export function anInsightRow(overrides: Partial<FakeInsightRow> = {}): FakeInsightRow {
  const day = overrides.date_start ?? '2026-03-01';
  return {
    campaign_id: 'camp-1',
    spend: '12.34',
    date_start: day,
    date_stop: day,
    account_currency: 'MXN',
    ...overrides,
  };
}
