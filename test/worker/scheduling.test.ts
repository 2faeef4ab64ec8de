import { retryDelaySeconds, WeightedRoundRobin } from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';

describe('WeightedRoundRobin', () => {
  it('shares picks by weight, interleaved, without starving the lightest', () => {
    const tiers = [
      { name: 'enterprise', weight: 8 },
      { name: 'professional', weight: 4 },
      { name: 'advance', weight: 2 },
      { name: 'free', weight: 1 },
    ];
    const picker = new WeightedRoundRobin<(typeof tiers)[number]>();
    const picks = Array.from({ length: 150 }, () => picker.pick(tiers)?.name);
    const count = (name: string) => picks.filter((pick) => pick === name).length;
    expect([count('enterprise'), count('professional'), count('advance'), count('free')]).toEqual([
      80, 40, 20, 10,
    ]);
    expect(picks.slice(0, 15)).toContain('free');
    expect(picks.slice(0, 8).every((pick) => pick === 'enterprise')).toBe(false);
  });

  it('picks the only candidate, or none', () => {
    const picker = new WeightedRoundRobin<{ weight: number }>();
    const only = { weight: 1 };
    expect(picker.pick([only])).toBe(only);
    expect(picker.pick([])).toBeUndefined();
  });
});

describe('retryDelaySeconds', () => {
  it('grows exponentially with equal jitter, capped, never zero', () => {
    expect(retryDelaySeconds(1, { random: () => 0 })).toBe(1);
    expect(retryDelaySeconds(1, { random: () => 0.999 })).toBe(2);
    expect(retryDelaySeconds(3, { random: () => 0 })).toBe(4);
    expect(retryDelaySeconds(3, { random: () => 0.999 })).toBe(8);
    expect(retryDelaySeconds(40, { random: () => 0.999 })).toBe(900);
    expect(retryDelaySeconds(40, { random: () => 0, maxSeconds: 60 })).toBe(30);
    expect(retryDelaySeconds(0, { baseSeconds: 0.1, random: () => 0 })).toBe(1);
  });
});
