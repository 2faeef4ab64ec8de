import type { Kysely, Migration } from 'kysely';

/**
 * A nullable `campaign_id` column on `candidates`: the ad campaign a candidate came from (a
 * Meta lead's campaign), so reports can give cost per hire per campaign (issue #15). Rows
 * written before have none and count as "no campaign". No index: the report reaches
 * candidates by primary key from the hires of a period. `down` drops the column.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_07_0007_candidate_campaign': candidateCampaign };
 * ```
 */
export const candidateCampaign: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('candidates').addColumn('campaign_id', 'text').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('candidates').dropColumn('campaign_id').execute();
  },
};
