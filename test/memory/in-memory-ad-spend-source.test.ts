import { anAdSpendEntry, InMemoryAdSpendSource } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

describe('InMemoryAdSpendSource', () => {
  const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

  it('returns the entries of one company whose day falls in the period', async () => {
    const inside = anAdSpendEntry({ day: '2026-03-01' });
    const source = new InMemoryAdSpendSource({
      'company-a': [
        inside,
        anAdSpendEntry({ day: '2026-02-28' }),
        anAdSpendEntry({ day: '2026-04-01' }),
      ],
      'company-b': [anAdSpendEntry({ day: '2026-03-15' })],
    });

    const entries = await source.spend('company-a', period);

    expect(entries).toEqual([inside]);
    expect(await source.spend('company-c', period)).toEqual([]);
  });

  it('hands out copies, so callers cannot change what it stores', async () => {
    const entry = anAdSpendEntry({ day: '2026-03-15' });
    const source = new InMemoryAdSpendSource();
    source.add('company-a', entry);

    const [first] = await source.spend('company-a', period);
    if (first) Object.assign(first, { day: 'changed' });

    expect(await source.spend('company-a', period)).toEqual([entry]);
  });
});
