import { PGlite } from '@electric-sql/pglite';
import type { Kysely, LogEvent } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/domain/models/candidate.js';
import { chunkByParameters, chunkRows } from '../../src/infra/postgres/chunk-by-parameters.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { toArrayLiteral } from '../../src/infra/postgres/unnest-insert.js';
import { aCandidate, aCompany } from '../../src/infra/testing/factories.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

interface Target {
  db: Kysely<BaltraDatabase>;
  queries: LogEvent[];
}

/** `count` candidates of one company; every `duplicateEvery`-th repeats an earlier lead id. */
function leads(companyId: string, count: number, duplicateEvery: number): Candidate[] {
  return Array.from({ length: count }, (_, i) =>
    aCandidate({
      companyId,
      metaLeadId: i > 0 && i % duplicateEvery === 0 ? `lead-${i - 1}` : `lead-${i}`,
    }),
  );
}

function batchingSuite(target: () => Target): void {
  const uow = () => new KyselyUnitOfWork(target().db);
  const inserts = () =>
    target().queries.filter((event) => event.query.sql.startsWith('insert into "candidates"'));

  beforeEach(() => {
    target().queries.length = 0;
  });

  it('inserts 3,000 leads with duplicates in ONE statement of array parameters, skipping repeats and stored leads', async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    const stored = aCandidate({ companyId: company.id, metaLeadId: 'lead-7' });
    await uow().run(({ candidates }) => candidates.add(stored));
    const batch = leads(company.id, 3_000, 10); // 299 repeats within the batch, lead-7 stored
    target().queries.length = 0;

    const inserted = await uow().run(({ candidates }) => candidates.addNew(batch));

    const expected = batch.filter(
      (c, i) =>
        c.metaLeadId !== 'lead-7' && batch.findIndex((o) => o.metaLeadId === c.metaLeadId) === i,
    );
    expect(inserted).toHaveLength(2_700);
    expect(inserted).toEqual(expected);
    expect(inserts()).toHaveLength(1);
    const [insert] = inserts();
    expect(insert?.query.sql).toMatch(/ from unnest\(/);
    expect(insert?.query.sql).toMatch(
      /on conflict \(company_id, meta_lead_id\) do nothing returning id$/,
    );
    // One parameter per column (13 since 0007's campaign_id), whatever the number of rows
    // (de-duplicated first: 2,701).
    expect(insert?.query.parameters).toHaveLength(13);
    expect(String(insert?.query.parameters.find((p) => String(p).startsWith('{')))).toMatch(
      /^\{("[^"]*",){2700}"[^"]*"\}$/,
    );
    expect(target().queries.map((e) => e.query.sql.split(' ')[0])).toEqual([
      'begin',
      'savepoint',
      'insert',
      'release',
      'commit',
    ]);
    const counts = await uow().run(({ candidates }) => candidates.countByStage(company.id));
    expect(counts).toEqual({ applied: 2_701 });
  });

  it('sends at most 10,000 rows per statement: 12,000 rows are 2 statements of 13 parameters', async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    const batch = leads(company.id, 12_000, Number.POSITIVE_INFINITY);

    const inserted = await uow().run(({ candidates }) => candidates.addNew(batch));

    expect(inserted).toHaveLength(12_000);
    expect(inserts().map((e) => e.query.parameters.length)).toEqual([13, 13]);
  });

  it('stores text with quotes, backslashes, commas, braces, NULL and unicode exactly', async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    const names = [
      'say "hi"',
      'back\\slash \\" both',
      'a, b {c} (d)',
      'NULL',
      '  spaced  ',
      'Ñandú 🦤 日本',
    ];
    const batch = names.map((name, i) =>
      aCandidate({ companyId: company.id, metaLeadId: `odd-${i}`, name }),
    );
    batch.push(
      aCandidate({ companyId: company.id, metaLeadId: 'mail', email: 'a.b+c@example.com' }),
    );

    const inserted = await uow().run(({ candidates }) => candidates.addNew(batch));

    expect(inserted).toHaveLength(batch.length);
    const read = await uow().run(({ candidates }) =>
      Promise.all(batch.map((c) => candidates.get(c.id))),
    );
    expect(read).toEqual(batch);
  });

  it('is idempotent: the same batch again inserts nothing and returns nothing', async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    const batch = leads(company.id, 500, Number.POSITIVE_INFINITY);
    await uow().run(({ candidates }) => candidates.addNew(batch));

    const again = await uow().run(({ candidates }) =>
      candidates.addNew(batch.map((c) => ({ ...c, id: aCandidate().id }))),
    );

    expect(again).toEqual([]);
  });

  it('outside a unit of work, a batch of several chunks still commits all or nothing', async () => {
    const company = aCompany();
    await uow().run(({ companies }) => companies.add(company));
    const batch = leads(company.id, 12_000, Number.POSITIVE_INFINITY);
    const clash = batch[11_999] as Candidate;
    batch[11_999] = { ...clash, id: (batch[0] as Candidate).id }; // a duplicate id in chunk 2

    const { KyselyCandidateRepository } = await import(
      '../../src/infra/postgres/kysely-candidate-repository.js'
    );
    const error = await new KyselyCandidateRepository(target().db)
      .addNew(batch)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(await uow().run(({ candidates }) => candidates.countByStage(company.id))).toEqual({});
  });
}

describe('chunkByParameters', () => {
  it('fills chunks up to the parameter limit and keeps the order', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);

    expect(chunkByParameters(rows, 3, 10)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(chunkByParameters([], 12)).toEqual([]);
    expect(chunkByParameters(rows, 100, 10)).toHaveLength(10); // at least one row per chunk
    expect(chunkRows(rows, 4)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });
});

describe('toArrayLiteral', () => {
  it('quotes every element, escapes quotes and backslashes, and spells null as NULL', () => {
    const at = new Date('2026-03-01T10:00:00.123Z');

    expect(toArrayLiteral(['a', null, 'say "hi"', 'back\\slash', at, 7, true])).toBe(
      '{"a",NULL,"say \\"hi\\"","back\\\\slash","2026-03-01T10:00:00.123Z","7","true"}',
    );
    expect(toArrayLiteral([])).toBe('{}');
    expect(() => toArrayLiteral([{}])).toThrow(TypeError);
  });
});

describe('addNew batching on PGlite', () => {
  let pglite: PGlite;
  const state: Target = { db: undefined as unknown as Kysely<BaltraDatabase>, queries: [] };
  beforeAll(async () => {
    pglite = await PGlite.create();
    state.db = openPglite({ client: pglite, log: (event) => void state.queries.push(event) });
    await migrateToLatest(state.db);
  });
  afterAll(async () => {
    await state.db.destroy();
    await pglite.close();
  });

  batchingSuite(() => state);
});

describeWithPostgres('addNew batching on PostgreSQL', () => {
  const database = useTestDatabase();
  const state: Target = { db: undefined as unknown as Kysely<BaltraDatabase>, queries: [] };
  beforeAll(async () => {
    state.db = openPostgres({
      connectionString: database.url,
      poolSize: 2,
      // These cases pin the unnest statement; the COPY path has its own (copy-bulk-insert.test.ts).
      bulkInsert: 'unnest',
      log: (event) => void state.queries.push(event),
    });
    await migrateToLatest(state.db);
  });
  afterAll(async () => {
    await state.db.destroy();
  });

  batchingSuite(() => state);
});
