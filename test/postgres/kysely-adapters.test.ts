import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, type LogEvent, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InfrastructureError, NotFoundError } from '../../src/domain/errors.js';
import type { Candidate } from '../../src/domain/models/candidate.js';
import {
  BULK_INSERT_CHANNEL,
  type BulkInsertEvent,
} from '../../src/infra/postgres/bulk-insert-mode.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { KyselyCandidateRepository } from '../../src/infra/postgres/kysely-candidate-repository.js';
import { KyselyCompanyRepository } from '../../src/infra/postgres/kysely-company-repository.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import {
  aCandidate,
  aCompany,
  anEvent,
  anOnboarding,
  aQuarantinedLead,
  aRawLead,
  aTransition,
  aVacancy,
} from '../../src/infra/testing/factories.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

interface Target {
  db: Kysely<BaltraDatabase>;
  /** SQL of every query run since the last `beforeEach`. */
  queries: string[];
}

/** The first word of each statement: begin, insert, savepoint, rollback, release, commit … */
const statementKinds = (queries: readonly string[]) =>
  queries.map((q) => q.split(' ')[0]?.toLowerCase());

const collect =
  (queries: string[]) =>
  (event: LogEvent): void => {
    queries.push(event.query.sql);
  };

function adapterSuite(target: () => Target): void {
  const uow = () => new KyselyUnitOfWork(target().db);
  const givenCompany = async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    return company;
  };
  const given = async (...list: Candidate[]) => {
    await uow().run(async ({ candidates }) => {
      for (const c of list) await candidates.add(c);
    });
  };

  beforeEach(() => {
    target().queries.length = 0;
  });

  describe('error translation', () => {
    it('a duplicate company id is a ConflictError naming the constraint', async () => {
      const company = await givenCompany();

      const error = await uow()
        .run(({ companies }) => companies.add(company))
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({
        context: { entity: 'Company', id: company.id, constraint: 'companies_pkey' },
      });
    });

    it('a duplicate candidate id and a duplicate Meta lead are ConflictErrors with their constraints', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id, metaLeadId: 'lead-1' });
      await given(candidate);

      const sameId = await given({ ...candidate, metaLeadId: 'lead-2' }).catch((e: unknown) => e);
      const sameLead = await given(
        aCandidate({ companyId: company.id, metaLeadId: 'lead-1' }),
      ).catch((e: unknown) => e);

      expect(sameId).toBeInstanceOf(ConflictError);
      expect(sameId).toMatchObject({ context: { constraint: 'candidates_pkey' } });
      expect(sameLead).toBeInstanceOf(ConflictError);
      expect(sameLead).toMatchObject({
        context: { constraint: 'candidates_company_meta_lead_unique' },
      });
    });

    it('a candidate of an unknown company is a NotFoundError for the company', async () => {
      const companyId = randomUUID();

      const error = await given(aCandidate({ companyId })).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({
        context: { entity: 'Company', id: companyId, constraint: 'candidates_company_fk' },
      });
    });

    it('updating a missing candidate is a NotFoundError; a stale version a ConflictError with both versions', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id });
      await given(candidate);
      await uow().run(({ candidates }) => candidates.update({ ...candidate, stage: 'screening' }));

      const missing = await uow()
        .run(({ candidates }) => candidates.update(aCandidate({ companyId: company.id })))
        .catch((e: unknown) => e);
      const stale = await uow()
        .run(({ candidates }) => candidates.update({ ...candidate, stage: 'rejected' }))
        .catch((e: unknown) => e);

      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toMatchObject({ context: { entity: 'Candidate' } });
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale).toMatchObject({
        code: 'CONFLICT',
        context: { entity: 'Candidate', id: candidate.id, expected: 1, actual: 2 },
      });
    });

    it('an update is one UPDATE … WHERE id AND version RETURNING, with no lookup when it succeeds', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id });
      await given(candidate);
      target().queries.length = 0;

      const updated = await uow().run(({ candidates }) =>
        candidates.update({ ...candidate, stage: 'screening' }),
      );

      expect(updated).toMatchObject({ stage: 'screening', version: 2 });
      expect(target().queries).toHaveLength(3);
      expect(target().queries[1]).toMatch(
        /^update "candidates" set .*"version" = version \+ 1 where "id" = \$\d+ and "version" = \$\d+ returning /,
      );
    });

    it('a statement that fails in SQL aborts the transaction, and later statements say so', async () => {
      const company = await givenCompany();
      const broken = {
        ...aCandidate({ companyId: company.id }),
        stage: 'nowhere',
      } as unknown as Candidate;

      const error = await uow()
        .run(async ({ candidates }) => {
          await candidates.add(broken).catch(() => undefined);
          return candidates.countByStage(company.id);
        })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InfrastructureError);
      expect(error).toMatchObject({ code: 'TRANSACTION_ABORTED', context: { sqlState: '25P02' } });
    });

    it('every repository names its conflicts and missing parents, one row or a batch, and the work goes on', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id });
      await given(candidate);
      const ids = { candidateId: candidate.id, companyId: company.id };
      const event = anEvent({ companyId: company.id });
      const quarantined = aQuarantinedLead({ companyId: company.id });
      const nobody = randomUUID();

      const errors = await uow().run(async (repos) => {
        const attempt = (write: Promise<unknown>) =>
          write.then(() => 'ok').catch((e: unknown) => e);
        await repos.outbox.append([event]);
        await repos.quarantine.add([quarantined]);
        await repos.transitions.add([aTransition({ ...ids, requestId: 'req-1' })]);
        return [
          await attempt(repos.outbox.append([event])),
          await attempt(repos.outbox.append([anEvent({ companyId: company.id }), event])),
          await attempt(repos.transitions.add([aTransition({ ...ids, requestId: 'req-1' })])),
          await attempt(
            repos.transitions.add([aTransition(ids), aTransition({ ...ids, requestId: 'req-1' })]),
          ),
          await attempt(
            repos.transitions.add([aTransition(ids), aTransition({ ...ids, candidateId: nobody })]),
          ),
          await attempt(repos.quarantine.add([{ ...quarantined, id: randomUUID() }])), // first wins
          await attempt(repos.quarantine.add([aQuarantinedLead({ companyId: nobody })])),
          await attempt(
            repos.quarantine.add([
              aQuarantinedLead({ companyId: nobody }),
              aQuarantinedLead({ companyId: nobody }),
            ]),
          ),
          await attempt(repos.onboardings.save(anOnboarding({ candidateId: nobody }))),
          await attempt(repos.idempotency.complete(`never-claimed-${nobody}`, 1)),
          await attempt(repos.idempotency.claim(`twice-${nobody}`)),
          await attempt(repos.idempotency.claim(`twice-${nobody}`)),
          await attempt(repos.candidates.addNew([aCandidate({ companyId: nobody })])),
        ];
      });

      expect(
        errors.map((e) => (typeof e === 'string' ? e : (e as { code?: string }).code)),
      ).toEqual([
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'NOT_FOUND',
        'ok',
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'CONFLICT',
        'ok',
        'CONFLICT',
        'NOT_FOUND',
      ]);
      expect(errors[3]).toMatchObject({
        context: { constraint: 'stage_transitions_company_request_unique' },
      });
      expect(errors[7]).toMatchObject({ context: { entity: 'Company', id: nobody } });
      expect(errors[12]).toMatchObject({ context: { entity: 'Company', id: nobody } });
      const stored = await uow().run(async ({ quarantine, transitions }) => ({
        quarantined: await quarantine.count(company.id),
        moves: (await transitions.listByCandidate(candidate.id)).length,
      }));
      expect(stored).toEqual({ quarantined: 1, moves: 1 });
    });

    it('other database errors become InfrastructureError with the original as cause', async () => {
      const error = await target()
        .db.transaction()
        .execute(async (trx) => {
          await sql`set local search_path = nowhere`.execute(trx);
          return new KyselyCompanyRepository(trx).get(randomUUID());
        })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InfrastructureError);
      expect(error).toMatchObject({
        code: 'DATABASE_QUERY_FAILED',
        context: { operation: 'get company', sqlState: '42P01' },
      });
      expect((error as Error).cause).toMatchObject({ code: '42P01' });
    });
  });

  describe('unit of work', () => {
    it('a conflict caught inside the work leaves the transaction usable', async () => {
      const company = await givenCompany();
      const first = aCandidate({ companyId: company.id, metaLeadId: 'lead-x' });
      const duplicate = aCandidate({ companyId: company.id, metaLeadId: 'lead-x' });
      const other = aCandidate({ companyId: company.id });

      const outcome = await uow().run(async ({ candidates }) => {
        await candidates.add(first);
        const error = await candidates.add(duplicate).catch((e: unknown) => e);
        await candidates.add(other);
        return error;
      });

      expect(outcome).toBeInstanceOf(ConflictError);
      const stored = await uow().run(async ({ candidates }) => [
        await candidates.get(first.id),
        await candidates.get(duplicate.id),
        await candidates.get(other.id),
      ]);
      expect(stored).toEqual([first, null, other]);
    });

    it('concurrent writes inside one unit of work run in order and fail independently', async () => {
      const company = await givenCompany();
      const lead = aCandidate({ companyId: company.id, metaLeadId: 'lead-y' });
      const list = [
        lead,
        aCandidate({ companyId: company.id, metaLeadId: 'lead-y' }),
        aCandidate({ companyId: company.id }),
      ];

      const results = await uow().run(({ candidates }) =>
        Promise.allSettled(list.map((c) => candidates.add(c))),
      );

      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const counts = await uow().run(({ candidates }) => candidates.countByStage(company.id));
      expect(counts).toEqual({ applied: 2 });
    });

    it('rethrows the very error the work threw, even a non-SDK one', async () => {
      const failure = new TypeError('bad input');

      await expect(
        uow().run(async () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
    });

    it('makes repositories unusable after the work settled', async () => {
      const leaked = await uow().run(async (repositories) => repositories);

      expect(() => leaked.companies.get(randomUUID())).toThrow('finished unit of work');
    });

    it('runs in one transaction: begin, the work, commit', async () => {
      const company = aCompany();

      await uow().run(({ companies }) => companies.add(company));

      expect(statementKinds(target().queries)).toEqual(['begin', 'insert', 'commit']);
    });

    it('single-row writes that fail cost no savepoint and leave the transaction usable', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id, metaLeadId: 'lead-z' });
      await given(candidate);
      const unknownCompany = randomUUID();
      const later = aCandidate({ companyId: company.id });
      target().queries.length = 0;

      const errors = await uow().run(async (repos) => {
        const caught = await Promise.all([
          repos.companies.add(company).catch((e: unknown) => e),
          repos.candidates.add({ ...later, id: candidate.id }).catch((e: unknown) => e),
          repos.candidates
            .add(aCandidate({ companyId: company.id, metaLeadId: 'lead-z' }))
            .catch((e: unknown) => e),
          repos.candidates.add(aCandidate({ companyId: unknownCompany })).catch((e: unknown) => e),
          repos.vacancies.add(aVacancy({ companyId: unknownCompany })).catch((e: unknown) => e),
          repos.transitions
            .add([aTransition({ candidateId: randomUUID(), companyId: company.id })])
            .catch((e: unknown) => e),
          repos.leadCursors
            .save({
              companyId: unknownCompany,
              sourceKey: 'form',
              position: null,
              updatedAt: new Date(),
            })
            .catch((e: unknown) => e),
        ]);
        await repos.candidates.add(later);
        return caught;
      });

      expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
      ]);
      expect(errors[2]).toMatchObject({
        context: { constraint: 'candidates_company_meta_lead_unique' },
      });
      expect(errors[3]).toMatchObject({ context: { entity: 'Company', id: unknownCompany } });
      expect(errors[5]).toMatchObject({ context: { entity: 'Candidate' } });
      expect(target().queries.some((q) => /^(savepoint|rollback to)/.test(q))).toBe(false);
      expect(await uow().run(({ candidates }) => candidates.get(later.id))).toEqual(later);
    });

    it('a batch write takes one savepoint per call, and its failure undoes the whole batch only', async () => {
      const company = await givenCompany();
      const existing = aCandidate({ companyId: company.id });
      await given(existing);
      const good = [aCandidate({ companyId: company.id }), aCandidate({ companyId: company.id })];
      const clashing = [
        aCandidate({ companyId: company.id }),
        { ...aCandidate({ companyId: company.id }), id: existing.id },
      ];
      target().queries.length = 0;
      const strategies: unknown[] = [];
      const listener = (event: unknown) =>
        void strategies.push((event as BulkInsertEvent).strategy);
      subscribe(BULK_INSERT_CHANNEL, listener);

      const outcome = await uow()
        .run(async ({ candidates }) => {
          const inserted = await candidates.addNew(good);
          const error = await candidates.addNew(clashing).catch((e: unknown) => e);
          return { inserted, error };
        })
        .finally(() => unsubscribe(BULK_INSERT_CHANNEL, listener));

      expect(outcome.inserted).toEqual(good);
      expect(outcome.error).toBeInstanceOf(ConflictError);
      // PGlite: one unnest insert; PostgreSQL: the COPY (not in the log) between the staging
      // table's `create … if not exists` and the merge (`with staged as … insert`).
      const batch = strategies[0] === 'copy' ? ['create', 'with'] : ['insert'];
      expect(strategies).toHaveLength(2);
      expect(statementKinds(target().queries)).toEqual([
        'begin',
        'savepoint',
        ...batch,
        'release',
        'savepoint',
        ...batch,
        'rollback',
        'release',
        'commit',
      ]);
      const stored = await uow().run(({ candidates }) =>
        Promise.all([...good, ...clashing].map((c) => candidates.get(c.id))),
      );
      expect(stored.map((c) => c?.name ?? null)).toEqual([
        good[0]?.name,
        good[1]?.name,
        null,
        existing.name,
      ]);
    });

    it('waits for writes the work started but did not await before committing', async () => {
      const company = await givenCompany();
      const list = [aCandidate({ companyId: company.id }), aCandidate({ companyId: company.id })];
      target().queries.length = 0;

      await uow().run(async ({ candidates }) => {
        for (const candidate of list) void candidates.add(candidate);
      });

      expect(statementKinds(target().queries)).toEqual(['begin', 'insert', 'insert', 'commit']);
      expect(await uow().run(({ candidates }) => candidates.countByStage(company.id))).toEqual({
        applied: 2,
      });
    });

    it('puts calls made inside a savepoint into it, even through the outer repositories', async () => {
      const company = await givenCompany();
      const [inside, sibling] = [
        aCandidate({ companyId: company.id }),
        aCandidate({ companyId: company.id }),
      ];

      await uow().run(async (repos) => {
        await Promise.all([
          repos
            .savepoint(async () => {
              await repos.candidates.add(inside); // the outer object: still inside the savepoint
              throw new Error('undo');
            })
            .catch(() => undefined),
          repos.candidates.add(sibling), // issued beside the savepoint: must survive its rollback
        ]);
      });

      const stored = await uow().run(({ candidates }) =>
        Promise.all([inside, sibling].map((c) => candidates.get(c.id))),
      );
      expect(stored).toEqual([null, sibling]);
    });
  });

  describe('repositories', () => {
    it('answer "not found" for malformed ids instead of failing the cast', async () => {
      const result = await uow().run(async ({ companies, candidates }) => ({
        company: await companies.get('not-a-uuid'),
        candidate: await candidates.get('not-a-uuid'),
        lead: await candidates.findByMetaLeadId('nope', 'lead-1'),
        counts: await candidates.countByStage('nope'),
        byVacancy: await candidates.countByStage(randomUUID(), { vacancyId: 'nope' }),
      }));
      const update = await uow()
        .run(({ candidates }) => candidates.update(aCandidate({ id: 'not-a-uuid' })))
        .catch((e: unknown) => e);

      expect(result).toEqual({
        company: null,
        candidate: null,
        lead: null,
        counts: {},
        byVacancy: {},
      });
      expect(update).toBeInstanceOf(NotFoundError);
    });

    it('work outside a unit of work too (each call autocommits)', async () => {
      const companies = new KyselyCompanyRepository(target().db);
      const candidates = new KyselyCandidateRepository(target().db);
      const company = aCompany({ tier: 'enterprise' });
      const candidate = aCandidate({ companyId: company.id, email: 'ana@example.com' });

      await companies.add(company);
      await candidates.add(candidate);
      const duplicate = await companies.add(company).catch((e: unknown) => e);

      expect(await companies.get(company.id)).toEqual(company);
      expect(await candidates.get(candidate.id)).toEqual(candidate);
      expect(duplicate).toBeInstanceOf(ConflictError);
      expect(target().queries.some((q) => q.startsWith('savepoint'))).toBe(false);
    });

    it('return timestamps as Date with millisecond precision', async () => {
      const company = await givenCompany();
      const at = new Date('2026-05-06T07:08:09.123Z');
      const candidate = aCandidate({ companyId: company.id, createdAt: at, updatedAt: at });
      await given(candidate);

      const stored = await uow().run(({ candidates }) => candidates.get(candidate.id));

      expect(stored?.createdAt).toBeInstanceOf(Date);
      expect(stored?.createdAt.toISOString()).toBe('2026-05-06T07:08:09.123Z');
    });
  });

  describe('one row or a batch', () => {
    it('store the same: quarantined leads (jsonb, text[]), events and transitions', async () => {
      const company = await givenCompany();
      const candidate = aCandidate({ companyId: company.id });
      await given(candidate);
      const lead = aRawLead({ createdTime: new Date('2026-04-01T08:00:00.123Z') });
      const alone = aQuarantinedLead({
        companyId: company.id,
        lead,
        reasons: ['phone: "x,y"', 'b'],
      });
      const batch = [
        aQuarantinedLead({ companyId: company.id, quarantinedAt: new Date('2026-01-01') }),
        aQuarantinedLead({ companyId: company.id, quarantinedAt: new Date('2026-01-02') }),
      ];
      const events = [anEvent({ companyId: company.id }), anEvent({ companyId: company.id })];
      const ids = { candidateId: candidate.id, companyId: company.id };
      const moves = [
        aTransition({ ...ids, from: null, to: 'applied', at: new Date('2026-02-01') }),
        aTransition({ ...ids, from: 'applied', to: 'screening', at: new Date('2026-02-02') }),
        aTransition({ ...ids, from: 'screening', to: 'rejected', at: new Date('2026-02-03') }),
      ];

      await uow().run(async ({ quarantine, outbox, transitions }) => {
        await quarantine.add([alone]);
        await quarantine.add(batch);
        await outbox.append(events.slice(0, 1));
        await outbox.append(events.slice(1));
        await transitions.add(moves.slice(0, 1));
        await transitions.add(moves.slice(1));
      });

      const stored = await uow().run(async ({ quarantine, outbox, transitions }) => ({
        quarantined: await quarantine.list(company.id, 10),
        events: (await outbox.pending(10_000)).filter((e) => e.companyId === company.id),
        moves: await transitions.listByCandidate(candidate.id),
      }));
      expect(stored.quarantined).toEqual([alone, ...batch.reverse()]);
      expect(stored.events.map(({ sequence: _s, publishedAt: _p, ...event }) => event)).toEqual(
        events,
      );
      expect(stored.moves).toEqual(moves);
    });
  });

  describe('countByStage', () => {
    it('is one SELECT … GROUP BY stage, with the filters in its WHERE clause', async () => {
      const company = await givenCompany();
      const vacancyId = randomUUID();
      const t = (day: number) => new Date(Date.UTC(2026, 3, day));
      await given(
        aCandidate({ companyId: company.id, vacancyId, source: 'referral', createdAt: t(1) }),
        aCandidate({
          companyId: company.id,
          vacancyId,
          source: 'referral',
          createdAt: t(2),
          stage: 'hired',
        }),
        aCandidate({
          companyId: company.id,
          vacancyId,
          source: 'referral',
          createdAt: t(3),
          stage: 'hired',
        }),
        aCandidate({ companyId: company.id, vacancyId, source: 'manual', createdAt: t(2) }),
        aCandidate({ companyId: company.id, source: 'referral', createdAt: t(2) }),
      );
      target().queries.length = 0;

      const counts = await new KyselyCandidateRepository(target().db).countByStage(company.id, {
        vacancyId,
        source: 'referral',
        createdFrom: t(2),
        createdTo: t(4),
      });

      expect(counts).toEqual({ hired: 2 });
      expect(target().queries).toHaveLength(1);
      const [query] = target().queries;
      expect(query).toMatch(/^select "stage", count\(\*\) as "count" from "candidates" where /);
      expect(query).toContain('"company_id" = $1');
      expect(query).toContain('"vacancy_id" = $2');
      expect(query).toContain('"source" = $3');
      expect(query).toContain('"created_at" >= $4');
      expect(query).toContain('"created_at" < $5');
      expect(query).toMatch(/ group by "stage"$/);
    });

    it('returns plain numbers and nothing for a company without candidates', async () => {
      const company = await givenCompany();
      await given(aCandidate({ companyId: company.id }), aCandidate({ companyId: company.id }));

      const repository = new KyselyCandidateRepository(target().db);

      expect(await repository.countByStage(company.id)).toEqual({ applied: 2 });
      expect(await repository.countByStage(randomUUID())).toEqual({});
    });
  });
}

describe('Kysely adapters on PGlite', () => {
  let pglite: PGlite;
  const state: Target = { db: undefined as unknown as Kysely<BaltraDatabase>, queries: [] };
  beforeAll(async () => {
    pglite = await PGlite.create();
    state.db = openPglite({ client: pglite, log: collect(state.queries) });
    await migrateToLatest(state.db);
  });
  afterAll(async () => {
    await state.db.destroy();
    await pglite.close();
  });

  adapterSuite(() => state);
});

describeWithPostgres('Kysely adapters on PostgreSQL', () => {
  const database = useTestDatabase();
  const state: Target = { db: undefined as unknown as Kysely<BaltraDatabase>, queries: [] };
  beforeAll(async () => {
    state.db = openPostgres({
      connectionString: database.url,
      poolSize: 4,
      log: collect(state.queries),
    });
    await migrateToLatest(state.db);
  });
  afterAll(async () => {
    await state.db.destroy();
  });

  adapterSuite(() => state);

  it('a serialization failure between concurrent units of work surfaces as CONFLICT', async () => {
    const serializable = new KyselyUnitOfWork(state.db, { isolationLevel: 'serializable' });
    const company = aCompany();
    await serializable.run(({ companies }) => companies.add(company));
    let arrived = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    // Each reads the count, waits for the other to read too, then writes based on it.
    const work = () =>
      serializable.run(async ({ candidates }) => {
        await candidates.countByStage(company.id);
        arrived += 1;
        if (arrived === 2) bothRead();
        await barrier;
        await candidates.add(aCandidate({ companyId: company.id }));
      });

    const results = await Promise.allSettled([work(), work()]);

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(ConflictError);
    expect(rejected[0]?.reason).toMatchObject({ context: { sqlState: '40001' } });
  });
});
