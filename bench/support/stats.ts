/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Milliseconds taken by `work`. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs each contender `rounds` times, interleaved so machine noise hits all alike, after
 * `warmup` untimed rounds; returns the median per contender. The order rotates every round so
 * that no contender always pays for a cold cache the others then enjoy.
 */
export async function compare(
  contenders: Record<string, (round: number) => Promise<unknown>>,
  options: { rounds: number; warmup: number },
): Promise<Record<string, number>> {
  const samples = await compareSamples(contenders, options);
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/** As {@link compare}, but every round's time per contender (round i of each is index i). */
export async function compareSamples(
  contenders: Record<string, (round: number) => Promise<unknown>>,
  { rounds, warmup }: { rounds: number; warmup: number },
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(contenders).map((k) => [k, []]),
  );
  const entries = Object.entries(contenders);
  for (let round = 0; round < warmup + rounds; round += 1) {
    const order = [
      ...entries.slice(round % entries.length),
      ...entries.slice(0, round % entries.length),
    ];
    for (const [name, run] of order) {
      const ms = await timeMs(() => run(round));
      if (round >= warmup) samples[name]?.push(ms);
    }
  }
  return samples;
}

/** The value below which a fraction `p` of the values lie (nearest rank). */
export function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] ?? 0;
}

/** `1.03×`. */
export const ratio = (value: number): string => `${value.toFixed(2)}×`;
