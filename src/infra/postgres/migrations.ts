import type { Migration, MigrationProvider } from 'kysely';
import { companiesAndCandidates } from './migrations/0001-companies-and-candidates.js';
import { recruitingDomain } from './migrations/0002-recruiting-domain.js';
import { sagas } from './migrations/0003-sagas.js';
import { rateLimits } from './migrations/0004-rate-limits.js';
import { actionAttempts } from './migrations/0005-action-attempts.js';
import { outboxTraceContext } from './migrations/0006-outbox-trace-context.js';
import { candidateCampaign } from './migrations/0007-candidate-campaign.js';
import { tenants } from './migrations/0008-tenants.js';
import { rowLevelSecurity } from './migrations/0009-row-level-security.js';
import { lockLeases } from './migrations/0010-lock-leases.js';

/**
 * Every migration of the SDK's schema, by name. Names sort in the order they run; never rename
 * or edit a migration that has shipped, add a new one.
 */
export const BALTRA_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '2026_11_23_0001_companies_and_candidates': companiesAndCandidates,
  '2026_11_23_0002_recruiting_domain': recruitingDomain,
  '2026_11_23_0003_sagas': sagas,
  '2026_11_23_0004_rate_limits': rateLimits,
  '2026_12_06_0005_action_attempts': actionAttempts,
  '2026_12_07_0006_outbox_trace_context': outboxTraceContext,
  '2026_12_07_0007_candidate_campaign': candidateCampaign,
  '2026_12_07_0008_tenants': tenants,
  '2026_12_07_0009_row_level_security': rowLevelSecurity,
  '2026_12_07_0010_lock_leases': lockLeases,
});

/**
 * The SDK's migrations as code, for Kysely's `Migrator` (no files read at run time, so it
 * works from a bundle too).
 *
 * @example
 * ```ts
 * const migrator = new Migrator({ db, provider: baltraMigrationProvider });
 * await migrator.migrateToLatest();
 * ```
 */
export const baltraMigrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...BALTRA_MIGRATIONS };
  },
};
