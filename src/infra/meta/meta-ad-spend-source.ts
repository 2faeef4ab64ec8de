import { z } from 'zod';
import type { AdSpendEntry } from '../../domain/models/ad-spend.js';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';
import { MetaGraphClient, type MetaGraphOptions } from './meta-graph-client.js';
import { MetaGraphError } from './meta-graph-error.js';
import { parseGraphItem } from './parse-graph-item.js';
import { spendToMinorUnits } from './spend-to-minor-units.js';

/** Options of {@link MetaAdSpendSource}. */
export interface MetaAdSpendSourceOptions extends MetaGraphOptions {
  /** The ad account of each company (its number, with or without `act_`). */
  readonly adAccountId: (companyId: string) => string | Promise<string>;
  /** Rows per Graph page; default 500. */
  readonly pageSize?: number;
}

const OPERATION = 'GET act_{adAccountId}/insights';
const DAY = 86_400_000;

const InsightRowSchema = z.object({
  campaign_id: z.string().min(1),
  spend: z.string().regex(/^\d+(\.\d+)?$/),
  date_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  account_currency: z.string().regex(/^[A-Z]{3}$/),
});

/**
 * The `AdSpendSource` on Meta ad account insights (`facebook-nodejs-business-sdk`, an optional
 * peer loaded on first use): `/act_{adAccountId}/insights` at campaign level, one row per
 * campaign and day (`time_increment=1`), every page followed through `paging.next`. The
 * half-open period becomes Graph's inclusive `time_range` of UTC days; spend strings become
 * integer minor units of the account currency.
 *
 * @example
 * ```ts
 * const spendSource = new MetaAdSpendSource({ accessToken, adAccountId: (companyId) => accounts.get(companyId)! });
 * const entries = await spendSource.spend(companyId, { from: new Date('2026-03-01'), to: new Date('2026-04-01') });
 * ```
 */
export class MetaAdSpendSource implements AdSpendSource {
  private readonly graph: MetaGraphClient;

  constructor(private readonly options: MetaAdSpendSourceOptions) {
    this.graph = new MetaGraphClient(options);
  }

  async spend(companyId: string, period: ReportingPeriod): Promise<AdSpendEntry[]> {
    if (!(period.from < period.to)) throw new RangeError('period.from must be before period.to');
    const account = (await this.options.adAccountId(companyId)).replace(/^act_/, '');
    const since = utcDay(period.from);
    const until = utcDay(new Date(period.to.getTime() - 1));
    const entries: AdSpendEntry[] = [];
    let page = await this.graph.getPage(OPERATION, `act_${encodeURIComponent(account)}/insights`, {
      level: 'campaign',
      time_increment: 1,
      fields: 'campaign_id,spend,date_start,account_currency',
      time_range: { since, until },
      limit: this.options.pageSize ?? 500,
    });
    for (;;) {
      for (const item of page.data) {
        const row = parseGraphItem(OPERATION, InsightRowSchema, item);
        if (row.date_start < since || row.date_start > until) continue;
        entries.push({
          campaignId: row.campaign_id,
          day: row.date_start,
          spend: {
            amountMinor: toMinor(row.spend, row.account_currency),
            currency: row.account_currency,
          },
        });
      }
      if (page.next === undefined || page.data.length === 0) return entries;
      page = await this.graph.getNext(OPERATION, page.next);
    }
  }
}

function utcDay(instant: Date): string {
  return new Date(Math.floor(instant.getTime() / DAY) * DAY).toISOString().slice(0, 10);
}

function toMinor(spend: string, currency: string): number {
  try {
    return spendToMinorUnits(spend, currency);
  } catch (error) {
    throw new MetaGraphError('META_UNEXPECTED_RESPONSE', `Meta ${OPERATION}: ${String(error)}`, {
      context: { operation: OPERATION, currency },
    });
  }
}
