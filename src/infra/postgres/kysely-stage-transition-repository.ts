import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { StageTransition } from '../../domain/models/stage-transition.js';
import type { StageTransitionRepository } from '../../domain/ports/stage-transition-repository.js';
import { chunkRows } from './chunk-by-parameters.js';
import type { BaltraDatabase, StageTransitionRow } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';
import { databaseErrorFacts } from './translate-database-error.js';
import { ROWS_PER_UNNEST_INSERT, unnestInsert } from './unnest-insert.js';

const REQUEST_UNIQUE = 'stage_transitions_company_request_unique';

const COLUMNS = [
  'id',
  'candidate_id',
  'company_id',
  'from_stage',
  'to_stage',
  'at',
  'actor',
  'request_id',
] as const;

type Column = (typeof COLUMNS)[number];

const TYPES: Readonly<Record<Column, string>> = {
  id: 'uuid',
  candidate_id: 'uuid',
  company_id: 'uuid',
  from_stage: 'text',
  to_stage: 'text',
  at: 'timestamptz',
  actor: 'text',
  request_id: 'text',
};

/**
 * A `StageTransitionRepository` on PostgreSQL or PGlite through Kysely. One transition (what
 * `FunnelService.moveCandidate` writes) is one statement that cannot abort the transaction; a
 * batch is one `INSERT … SELECT * FROM unnest(…)` per 10,000 rows under one savepoint. A repeated `(companyId,
 * requestId)` is a `ConflictError`, an unknown candidate a `NotFoundError`.
 *
 * @example
 * ```ts
 * const history = await new KyselyStageTransitionRepository(db).listByCandidate(candidateId);
 * ```
 */
export class KyselyStageTransitionRepository implements StageTransitionRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async add(transitions: readonly StageTransition[]): Promise<void> {
    const [only] = transitions;
    if (only === undefined) return;
    if (transitions.length === 1) {
      await this.scope.run('add stage transition', async (db: Kysely<BaltraDatabase>) => {
        const written = await guardedInsert(db, {
          table: 'stage_transitions',
          values: toRow(only),
          types: TYPES,
          parent: { table: 'candidates', id: only.candidateId },
        });
        if (!written) throw await explainRejectedInsert(db, only);
      });
      return;
    }
    const chunks = chunkRows(transitions, ROWS_PER_UNNEST_INSERT);
    await this.scope.atomic(
      'add stage transitions',
      async (db: Kysely<BaltraDatabase>) => {
        for (const chunk of chunks) {
          await unnestInsert(db, {
            table: 'stage_transitions',
            types: TYPES,
            columns: toColumns(chunk),
          });
        }
      },
      translateBatchError,
      chunks.length,
    );
  }

  async listByCandidate(candidateId: string): Promise<StageTransition[]> {
    if (!isUuid(candidateId)) return [];
    return this.scope.run('list stage transitions', async (db: Kysely<BaltraDatabase>) => {
      const rows = await db
        .selectFrom('stage_transitions')
        .select(COLUMNS)
        .where('candidate_id', '=', candidateId)
        .orderBy('at')
        .orderBy('sequence')
        .execute();
      return rows.map(toTransition);
    });
  }

  async findByRequestId(companyId: string, requestId: string): Promise<StageTransition | null> {
    if (!isUuid(companyId)) return null;
    return this.scope.run(
      'find stage transition by request id',
      async (db: Kysely<BaltraDatabase>) => {
        const row = await db
          .selectFrom('stage_transitions')
          .select(COLUMNS)
          .where('company_id', '=', companyId)
          .where('request_id', '=', requestId)
          .executeTakeFirst();
        return row ? toTransition(row) : null;
      },
    );
  }
}

async function explainRejectedInsert(
  db: Kysely<BaltraDatabase>,
  transition: StageTransition,
): Promise<Error> {
  const facts = await db
    .selectNoFrom((eb) => [
      eb
        .exists(eb.selectFrom('stage_transitions').select('id').where('id', '=', transition.id))
        .as('id_taken'),
      eb
        .exists(eb.selectFrom('candidates').select('id').where('id', '=', transition.candidateId))
        .as('candidate_exists'),
    ])
    .executeTakeFirstOrThrow();
  if (facts.id_taken) {
    return new ConflictError(`stage transition ${transition.id} already exists`, {
      context: { entity: 'StageTransition', id: transition.id },
    });
  }
  if (!facts.candidate_exists) {
    return new NotFoundError('Candidate', transition.candidateId, {
      context: { constraint: 'stage_transitions_candidate_fk' },
    });
  }
  return requestConflict(transition.requestId);
}

function requestConflict(requestId: string | undefined, cause?: unknown): ConflictError {
  const what = requestId === undefined ? 'a request id of the batch' : `request ${requestId}`;
  return new ConflictError(`${what} was already used for another move`, {
    ...(cause === undefined ? {} : { cause }),
    context: { entity: 'StageTransition', requestId, constraint: REQUEST_UNIQUE },
  });
}

function translateBatchError(error: unknown): Error | undefined {
  const facts = databaseErrorFacts(error);
  if (facts.sqlState === '23505' && facts.constraint === REQUEST_UNIQUE) {
    return requestConflict(undefined, error);
  }
  if (facts.sqlState === '23505') {
    return new ConflictError('a stage transition of the batch already exists', {
      cause: error,
      context: { entity: 'StageTransition', constraint: facts.constraint },
    });
  }
  if (facts.sqlState === '23503') {
    return new NotFoundError('Candidate', '(of a transition in the batch)', {
      cause: error,
      context: { constraint: facts.constraint },
    });
  }
  return undefined;
}

function toRow(transition: StageTransition) {
  return {
    id: transition.id,
    candidate_id: transition.candidateId,
    company_id: transition.companyId,
    from_stage: transition.from,
    to_stage: transition.to,
    at: transition.at,
    actor: transition.actor,
    request_id: transition.requestId ?? null,
  };
}

/** The batch as one array per column, for {@link unnestInsert}. */
function toColumns(batch: readonly StageTransition[]): Record<Column, unknown[]> {
  const columns: Record<Column, unknown[]> = {
    id: [],
    candidate_id: [],
    company_id: [],
    from_stage: [],
    to_stage: [],
    at: [],
    actor: [],
    request_id: [],
  };
  for (const transition of batch) {
    columns.id.push(transition.id);
    columns.candidate_id.push(transition.candidateId);
    columns.company_id.push(transition.companyId);
    columns.from_stage.push(transition.from);
    columns.to_stage.push(transition.to);
    columns.at.push(transition.at);
    columns.actor.push(transition.actor);
    columns.request_id.push(transition.requestId ?? null);
  }
  return columns;
}

function toTransition(row: Omit<StageTransitionRow, 'sequence'>): StageTransition {
  return {
    id: row.id,
    candidateId: row.candidate_id,
    companyId: row.company_id,
    from: row.from_stage,
    to: row.to_stage,
    at: row.at,
    actor: row.actor,
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
  };
}
