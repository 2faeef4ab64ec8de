import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, type LogEvent, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InfrastructureError, NotFoundError } from '../../src/domain/errors.js';
import type { Candidate } from '../../src/domain/models/candidate.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { KyselyCandidateRepository } from '../../src/infra/postgres/kysely-candidate-repository.js';
import { KyselyCompanyRepository } from '../../src/infra/postgres/kysely-company-repository.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { aCandidate, aCompany } from '../../src/infra/testing/factories.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

interface Target {
  db: Kysely<BaltraDatabase>;
  /** SQL of every query run since the last `beforeEach`. */
  queries: string[];
}

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
      expect((error as Error).cause).toMatchObject({ code: '23505' });
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

    it('updating a missing candidate is a NotFoundError; moving one to a taken lead id a conflict', async () => {
      const company = await givenCompany();
      const [a, b] = [
        aCandidate({ companyId: company.id, metaLeadId: 'lead-a' }),
        aCandidate({ companyId: company.id, metaLeadId: 'lead-b' }),
      ];
      await given(a, b);

      const missing = await uow()
        .run(({ candidates }) => candidates.update(aCandidate({ companyId: company.id })))
        .catch((e: unknown) => e);
      const clash = await uow()
        .run(({ candidates }) => candidates.update({ ...b, metaLeadId: 'lead-a' }))
        .catch((e: unknown) => e);
      const noCompany = await uow()
        .run(({ candidates }) => candidates.update({ ...b, companyId: randomUUID() }))
        .catch((e: unknown) => e);

      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toMatchObject({ context: { entity: 'Candidate' } });
      expect(clash).toBeInstanceOf(ConflictError);
      expect(noCompany).toBeInstanceOf(NotFoundError);
      expect(noCompany).toMatchObject({ context: { entity: 'Company' } });
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

    it('concurrent writes inside one unit of work keep their savepoints apart', async () => {
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

      const statements = target().queries.map((q) => q.split(' ')[0]?.toLowerCase());
      expect(statements).toEqual(['begin', 'savepoint', 'insert', 'release', 'commit']);
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
