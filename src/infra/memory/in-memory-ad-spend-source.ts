import type { AdSpendEntry } from '../../domain/models/ad-spend.js';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';

/**
 * An `AdSpendSource` over fixed entries per company. An entry counts for a period when the
 * start of its day (UTC) falls in `[from, to)`.
 *
 * @example
 * ```ts
 * const spend = new InMemoryAdSpendSource({
 *   [companyId]: [{ campaignId: 'c-1', day: '2026-03-01', spend: { amountMinor: 150_000, currency: 'MXN' } }],
 * });
 * ```
 */
export class InMemoryAdSpendSource implements AdSpendSource {
  private readonly entries = new Map<string, AdSpendEntry[]>();

  constructor(entriesByCompany: Readonly<Record<string, readonly AdSpendEntry[]>> = {}) {
    for (const [companyId, entries] of Object.entries(entriesByCompany)) {
      this.add(companyId, ...entries);
    }
  }

  /** Adds spend entries of a company. */
  add(companyId: string, ...entries: AdSpendEntry[]): void {
    const list = this.entries.get(companyId) ?? [];
    list.push(...entries.map((entry) => structuredClone(entry)));
    this.entries.set(companyId, list);
  }

  async spend(companyId: string, period: ReportingPeriod): Promise<AdSpendEntry[]> {
    return (this.entries.get(companyId) ?? [])
      .filter((entry) => {
        const day = Date.parse(`${entry.day}T00:00:00.000Z`);
        return day >= period.from.getTime() && day < period.to.getTime();
      })
      .map((entry) => structuredClone(entry));
  }
}
