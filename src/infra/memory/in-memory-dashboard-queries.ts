import type { HiringStats } from '../../domain/models/dashboard-report.js';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { DashboardQueries } from '../../domain/ports/dashboard-queries.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * `DashboardQueries` over the in-memory tables: hires are moves to `hired` whose `at` falls
 * in `[from, to)`; the median of (hired at − candidate created at) in seconds averages the two
 * middle values for an even count, like SQL's `percentile_cont(0.5)`.
 *
 * @example
 * ```ts
 * const stats = await uow.run(({ dashboards }) => dashboards.hiringStats(companyId, period));
 * ```
 */
export class InMemoryDashboardQueries implements DashboardQueries {
  constructor(private readonly state: InMemoryState) {}

  async hiringStats(companyId: string, period: ReportingPeriod): Promise<HiringStats> {
    const durations: number[] = [];
    for (const t of this.state.transitions.values()) {
      if (t.companyId !== companyId || t.to !== 'hired') continue;
      if (t.at < period.from || t.at >= period.to) continue;
      const candidate = this.state.candidates.get(t.candidateId);
      if (!candidate) continue;
      durations.push((t.at.getTime() - candidate.createdAt.getTime()) / 1000);
    }
    return { hires: durations.length, medianTimeToHireSeconds: median(durations) };
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}
