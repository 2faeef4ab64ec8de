/** Something with a weight that can be chosen. */
export interface Weighted {
  readonly weight: number;
}

/**
 * Smooth weighted round robin (the nginx algorithm): among the candidates that have work,
 * each pick goes to the one with the highest running credit, and every candidate earns its
 * weight per pick. With weights 8:4:2:1 the picks interleave (never 8 in a row) and the
 * lightest candidate is served once in every 15 picks while all wait: nobody starves.
 *
 * @example
 * ```ts
 * const picker = new WeightedRoundRobin<Queue>();
 * const next = picker.pick(queues.filter((queue) => queue.hasWork()));
 * ```
 */
export class WeightedRoundRobin<T extends Weighted> {
  private readonly credit = new Map<T, number>();

  pick(candidates: readonly T[]): T | undefined {
    if (candidates.length <= 1) return candidates[0];
    let total = 0;
    let best: T | undefined;
    let bestCredit = Number.NEGATIVE_INFINITY;
    for (const candidate of candidates) {
      const credit = (this.credit.get(candidate) ?? 0) + candidate.weight;
      this.credit.set(candidate, credit);
      total += candidate.weight;
      if (credit > bestCredit) {
        best = candidate;
        bestCredit = credit;
      }
    }
    if (best !== undefined) this.credit.set(best, bestCredit - total);
    return best;
  }
}
