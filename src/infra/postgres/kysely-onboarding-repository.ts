import { type Kysely, sql } from 'kysely';
import { NotFoundError } from '../../domain/errors.js';
import type { Onboarding } from '../../domain/models/onboarding.js';
import type { OnboardingRepository } from '../../domain/ports/onboarding-repository.js';
import type { BaltraDatabase, OnboardingRow } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';

const COLUMNS = [
  'candidate_id',
  'company_id',
  'status',
  'execution_name',
  'execution_id',
  'failure_reason',
  'started_at',
  'finished_at',
] as const;

const TYPES: Readonly<Record<(typeof COLUMNS)[number], string>> = {
  candidate_id: 'uuid',
  company_id: 'uuid',
  status: 'text',
  execution_name: 'text',
  execution_id: 'text',
  failure_reason: 'text',
  started_at: 'timestamptz',
  finished_at: 'timestamptz',
};

/**
 * An `OnboardingRepository` on PostgreSQL or PGlite. `save` is one upsert on `candidate_id`;
 * an unknown candidate is a `NotFoundError` that leaves the transaction usable.
 *
 * @example
 * ```ts
 * const onboarding = await new KyselyOnboardingRepository(db).get(candidateId);
 * ```
 */
export class KyselyOnboardingRepository implements OnboardingRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async get(candidateId: string): Promise<Onboarding | null> {
    if (!isUuid(candidateId)) return null;
    return this.scope.run('get onboarding', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('onboardings')
        .select(COLUMNS)
        .where('candidate_id', '=', candidateId)
        .executeTakeFirst();
      return row ? toOnboarding(row) : null;
    });
  }

  async save(onboarding: Onboarding): Promise<void> {
    await this.scope.run('save onboarding', async (db: Kysely<BaltraDatabase>) => {
      const written = await guardedInsert(db, {
        table: 'onboardings',
        values: {
          candidate_id: onboarding.candidateId,
          company_id: onboarding.companyId,
          status: onboarding.status,
          execution_name: onboarding.executionName,
          execution_id: onboarding.executionId,
          failure_reason: onboarding.failureReason ?? null,
          started_at: onboarding.startedAt,
          finished_at: onboarding.finishedAt ?? null,
        },
        types: TYPES,
        parent: { table: 'candidates', id: onboarding.candidateId },
        onConflict: sql`on conflict (candidate_id) do update set
          company_id = excluded.company_id, status = excluded.status,
          execution_name = excluded.execution_name, execution_id = excluded.execution_id,
          failure_reason = excluded.failure_reason, started_at = excluded.started_at,
          finished_at = excluded.finished_at`,
      });
      if (!written) {
        throw new NotFoundError('Candidate', onboarding.candidateId, {
          context: { constraint: 'onboardings_candidate_fk' },
        });
      }
    });
  }
}

function toOnboarding(row: OnboardingRow): Onboarding {
  return {
    candidateId: row.candidate_id,
    companyId: row.company_id,
    status: row.status,
    executionName: row.execution_name,
    executionId: row.execution_id,
    ...(row.failure_reason === null ? {} : { failureReason: row.failure_reason }),
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}
