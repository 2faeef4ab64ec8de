import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/domain/models/candidate.js';
import type { UnitOfWork } from '../../src/domain/ports/unit-of-work.js';
import { LeadIngestionService } from '../../src/domain/services/lead-ingestion-service.js';
import { InMemoryLeadSource } from '../../src/infra/memory/in-memory-lead-source.js';
import {
  BULK_INSERT_CHANNEL,
  type BulkInsertEvent,
} from '../../src/infra/postgres/bulk-insert-mode.js';
import {
  copyTextChunks,
  copyTextField,
  findNulCharacter,
} from '../../src/infra/postgres/copy-text.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { aCandidate, aCompany, aRawLead } from '../../src/infra/testing/factories.js';
import { FaultInjectingUnitOfWork } from '../../src/infra/testing/fault-injecting-unit-of-work.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite } from '../support/shared-databases.js';

/** Values COPY's text format must escape or could misread, and some it must leave alone. */
const HOSTILE = [
  'tab\there',
  'new\nline',
  'carriage\rreturn\r\n',
  'back\\slash \\N \\. \\t',
  '\\N',
  '\\.',
  'NULL',
  '',
  '  spaced  ',
  'say "hi", {a} (b) \'c\'',
  'Ñandú 🦤 日本 e\u0301',
  'bell\u0007 and \u001f and \u007f',
];

/** Collects the bulk-insert events published while `work` runs. */
async function bulkInsertsDuring(work: () => Promise<unknown>): Promise<BulkInsertEvent[]> {
  const events: BulkInsertEvent[] = [];
  const listener = (message: unknown) => void events.push(message as BulkInsertEvent);
  subscribe(BULK_INSERT_CHANNEL, listener);
  try {
    await work();
  } finally {
    unsubscribe(BULK_INSERT_CHANNEL, listener);
  }
  return events;
}

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, spells null \\N, and keeps the rest', () => {
    expect(copyTextField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextField('\\N')).toBe('\\\\N');
    expect(copyTextField(null)).toBe('\\N');
    expect(copyTextField(undefined)).toBe('\\N');
    expect(copyTextField('')).toBe('');
    expect(copyTextField('Ñandú 🦤')).toBe('Ñandú 🦤');
    expect(copyTextField(new Date('2026-03-01T10:00:00.123Z'))).toBe('2026-03-01T10:00:00.123Z');
    expect(copyTextField(7)).toBe('7');
    expect(() => copyTextField('a\0b')).toThrow(TypeError);
    expect(() => copyTextField({})).toThrow(TypeError);
  });

  it('makes rows a chunk at a time, one line per row', () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`r${i}`, i % 2 === 0 ? null : 'x\ty']);

    const chunks = [...copyTextChunks(rows, 2)];

    expect(chunks).toEqual(['r0\t\\N\nr1\tx\\ty\n', 'r2\t\\N\nr3\tx\\ty\n', 'r4\t\\N\n']);
    expect([...copyTextChunks([])]).toEqual([]);
  });

  it('finds the first NUL character among string fields', () => {
    expect(
      findNulCharacter([
        ['a', 1],
        [null, 'b\0'],
      ]),
    ).toEqual([1, 1]);
    expect(findNulCharacter([['a'], [new Date()]])).toBeUndefined();
  });
});

describe('bulk inserts on PGlite', () => {
  const shared = useSharedPglite();

  it('keep the unnest statement (PGlite has no COPY FROM STDIN over this driver)', async () => {
    const uow = new KyselyUnitOfWork((await shared()).db);
    const company = aCompany();
    await uow.run(({ companies }) => companies.add(company));
    const batch = [aCandidate({ companyId: company.id, metaLeadId: 'p-1' })];

    const events = await bulkInsertsDuring(() =>
      uow.run(({ candidates }) => candidates.addNew(batch)),
    );

    expect(events).toEqual([{ table: 'candidates', strategy: 'unnest', rows: 1 }]);
    expect(await uow.run(({ candidates }) => candidates.get(batch[0]?.id ?? ''))).toEqual(batch[0]);
  });
});

describeWithPostgres('COPY bulk inserts on PostgreSQL', () => {
  const database = useTestDatabase();
  let db: Kysely<BaltraDatabase>;
  let uow: KyselyUnitOfWork;
  let companyId: string;

  beforeAll(async () => {
    db = openPostgres({ connectionString: database.url, poolSize: 3 });
    await migrateToLatest(db);
    uow = new KyselyUnitOfWork(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    const company = aCompany();
    await uow.run(({ companies }) => companies.add(company));
    companyId = company.id;
  });

  const candidatesOf = (count: number, prefix = 'lead'): Candidate[] =>
    Array.from({ length: count }, (_, i) =>
      aCandidate({ companyId, metaLeadId: `${prefix}-${i}` }),
    );
  const countStored = async () =>
    (await uow.run(({ candidates }) => candidates.countByStage(companyId))).applied ?? 0;

  it('takes the COPY path in a unit of work, and stores exactly the rows it reports', async () => {
    const batch = candidatesOf(1_200); // more than one chunk of COPY text

    let inserted: Candidate[] = [];
    const events = await bulkInsertsDuring(async () => {
      inserted = await uow.run(({ candidates }) => candidates.addNew(batch));
    });

    expect(events).toEqual([{ table: 'candidates', strategy: 'copy', rows: 1_200 }]);
    expect(inserted).toEqual(batch);
    expect(await countStored()).toBe(1_200);
    const sample = [batch[0], batch[599], batch[1_199]] as Candidate[];
    const read = await uow.run(({ candidates }) =>
      Promise.all(sample.map((c) => candidates.get(c.id))),
    );
    expect(read).toEqual(sample);
  });

  it('round-trips hostile text exactly: tabs, newlines, backslashes, \\N, unicode, empty strings', async () => {
    const batch = HOSTILE.map((name, i) =>
      aCandidate({
        companyId,
        metaLeadId: `odd\t${i}\n\\`,
        name,
        ...(i % 2 === 0 ? { email: `${i}@example.com` } : {}),
        campaignId: HOSTILE[(i + 1) % HOSTILE.length] as string,
      }),
    );

    const events = await bulkInsertsDuring(() =>
      uow.run(({ candidates }) => candidates.addNew(batch)),
    );

    expect(events.map((e) => e.strategy)).toEqual(['copy']);
    const read = await uow.run(({ candidates }) =>
      Promise.all(batch.map((c) => candidates.get(c.id))),
    );
    expect(read).toEqual(batch);
  });

  it('rejects a NUL character with a ValidationError naming row and column, and writes nothing', async () => {
    const batch = candidatesOf(3);
    batch[2] = { ...(batch[2] as Candidate), name: 'nul\0here' };

    const error = await uow
      .run(({ candidates }) => candidates.addNew(batch))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: [2, 'name'] }],
    });
    expect(String((error as Error).message)).not.toContain('nul');
    expect(await countStored()).toBe(0);
  });

  it('is idempotent on the lead id: the same leads again create nothing', async () => {
    const batch = candidatesOf(700);
    const first = await uow.run(({ candidates }) => candidates.addNew(batch));
    const again = await uow.run(({ candidates }) =>
      candidates.addNew(batch.map((c) => ({ ...c, id: randomUUID() }))),
    );

    expect(first).toHaveLength(700);
    expect(again).toEqual([]);
    expect(await countStored()).toBe(700);
  });

  it('runs twice in one transaction (the staging table is emptied by each merge)', async () => {
    const [a, b] = [candidatesOf(50, 'a'), candidatesOf(50, 'b')];

    const counts = await uow.run(async ({ candidates }) => [
      (await candidates.addNew(a)).length,
      (await candidates.addNew([...a, ...b])).length,
    ]);

    expect(counts).toEqual([50, 50]);
    expect(await countStored()).toBe(100);
  });

  it('keeps the unit of work usable after a failed merge (duplicate id: ConflictError)', async () => {
    const stored = candidatesOf(1, 'stored');
    await uow.run(({ candidates }) => candidates.addNew(stored));
    const clash = [
      aCandidate({ companyId, metaLeadId: 'fresh-1' }),
      { ...(stored[0] as Candidate), metaLeadId: 'fresh-2' },
    ];
    const after = aCandidate({ companyId, metaLeadId: 'after' });

    const outcome = await uow.run(async ({ candidates }) => {
      const error = await candidates.addNew(clash).catch((e: unknown) => e);
      const later = await candidates.addNew([after]);
      return { error, later: later.length };
    });

    expect(outcome.error).toMatchObject({ code: 'CONFLICT' });
    expect(outcome.later).toBe(1);
    expect(await countStored()).toBe(2); // stored + after; nothing of the failed batch
  });

  it('outside a unit of work, a multi-chunk batch is still one transaction through COPY', async () => {
    const { KyselyCandidateRepository } = await import(
      '../../src/infra/postgres/kysely-candidate-repository.js'
    );
    const batch = candidatesOf(12_000);
    batch[11_999] = { ...(batch[11_999] as Candidate), id: (batch[0] as Candidate).id };

    let error: unknown;
    const events = await bulkInsertsDuring(async () => {
      error = await new KyselyCandidateRepository(db).addNew(batch).catch((e: unknown) => e);
    });

    expect(events.map((e) => e.strategy)).toEqual(['copy']);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(await countStored()).toBe(0);
  });

  describe('lead ingestion through COPY', () => {
    const leadsOf = (formId: string, count: number) =>
      Array.from({ length: count }, () => aRawLead({ formId }));

    it('re-ingesting the same leads creates 0 the second time and quarantines invalid ones again', async () => {
      const formId = `form-${randomUUID()}`;
      const invalid = aRawLead({ formId }, { phone_number: null });
      const leads = [...leadsOf(formId, 40), invalid];
      const service = () =>
        new LeadIngestionService(uow, new InMemoryLeadSource(leads), { batchSize: 15 });

      let first: Awaited<ReturnType<LeadIngestionService['ingest']>> | undefined;
      const events = await bulkInsertsDuring(async () => {
        first = await service().ingest(companyId, formId);
      });
      // From the beginning again, as after a source that had no more pages.
      await uow.run(({ leadCursors }) =>
        leadCursors.save({ companyId, sourceKey: formId, position: null, updatedAt: new Date() }),
      );
      const second = await service().ingest(companyId, formId);

      expect(events.map((e) => e.strategy)).toEqual(['copy', 'copy', 'copy']);
      expect(first).toMatchObject({ received: 41, created: 40, duplicates: 0, quarantined: 1 });
      expect(second).toMatchObject({ received: 41, created: 0, duplicates: 40, quarantined: 1 });
      expect(await countStored()).toBe(40);
      const held = await uow.run(({ quarantine }) => quarantine.list(companyId, 10));
      expect(held.map((q) => [q.metaLeadId, q.reasons])).toEqual([
        [invalid.id, ['phone_number: missing']],
      ]);
    });

    it('a failure after the merge and the cursor save rolls back both', async () => {
      const formId = `form-${randomUUID()}`;
      const leads = leadsOf(formId, 10);
      const failAfterWork: UnitOfWork = {
        run: (work) =>
          uow.run(async (repositories) => {
            await work(repositories);
            throw new Error('injected after the page was stored');
          }),
      };

      const error = await new LeadIngestionService(failAfterWork, new InMemoryLeadSource(leads))
        .ingest(companyId, formId)
        .catch((e: unknown) => e);

      expect(String(error)).toContain('injected after the page was stored');
      expect(await countStored()).toBe(0);
      expect(await uow.run(({ leadCursors }) => leadCursors.get(companyId, formId))).toBeNull();
    });

    it('a failing cursor save rolls back the merged page; the run resumes there', async () => {
      const formId = `form-${randomUUID()}`;
      const leads = leadsOf(formId, 30);
      // Run 1 reads the company; runs 2, 3, 4 store pages; the 3rd page's cursor save fails.
      const faulty = new FaultInjectingUnitOfWork(uow, { run: 4, operation: 'leadCursors.save' });

      const error = await new LeadIngestionService(faulty, new InMemoryLeadSource(leads), {
        batchSize: 10,
      })
        .ingest(companyId, formId)
        .catch((e: unknown) => e);
      const stored = await countStored();
      const resumed = await new LeadIngestionService(uow, new InMemoryLeadSource(leads), {
        batchSize: 10,
      }).ingest(companyId, formId);

      expect(String(error)).toContain('injected fault');
      expect(stored).toBe(20);
      expect(resumed).toMatchObject({ pages: 1, created: 10, duplicates: 0 });
      expect(await countStored()).toBe(30);
    });
  });

  it('on a Kysely made with PostgresDialect directly, COPY is chosen too', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const plain = new Kysely<BaltraDatabase>({ dialect: new PostgresDialect({ pool }) });
    try {
      const batch = candidatesOf(3, 'plain');
      const events = await bulkInsertsDuring(() =>
        new KyselyUnitOfWork(plain).run(({ candidates }) => candidates.addNew(batch)),
      );
      expect(events.map((e) => e.strategy)).toEqual(['copy']);
      expect(await countStored()).toBe(3);
    } finally {
      await plain.destroy();
    }
  });

  it('works under a Kysely query log that reads sql as a string (the COPY bypasses it)', async () => {
    const statements: string[] = [];
    const logged = openPostgres({
      connectionString: database.url,
      poolSize: 1,
      log: (event) => void statements.push(event.query.sql.slice(0, 20).toLowerCase()),
    });
    try {
      const batch = candidatesOf(3, 'logged');
      const inserted = await new KyselyUnitOfWork(logged).run(({ candidates }) =>
        candidates.addNew(batch),
      );
      expect(inserted).toHaveLength(3);
      expect(statements.some((sql) => sql.startsWith('with staged'))).toBe(true);
      expect(await countStored()).toBe(3);
    } finally {
      await logged.destroy();
    }
  });

  it("without pg-copy-streams: 'auto' falls back to unnest, 'copy' is a MissingPeerDependencyError at its first query", async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const hide = fileURLToPath(new URL('../house/fixtures/hide-packages.mjs', import.meta.url));
    const script = `
      import { subscribe } from 'node:diagnostics_channel';
      const pg = await import(${JSON.stringify(`${root}src/infra/postgres/index.ts`)});
      const { aCandidate, aCompany } = await import(${JSON.stringify(`${root}src/infra/testing/factories.ts`)});
      const strategies = [];
      subscribe(pg.BULK_INSERT_CHANNEL, (event) => strategies.push(event.strategy));
      const outcome = {};
      for (const mode of ['auto', 'copy']) {
        const db = pg.openPostgres({ connectionString: process.env.URL, poolSize: 1, bulkInsert: mode });
        const uow = new pg.KyselyUnitOfWork(db);
        const company = aCompany();
        outcome[mode] = await uow
          .run(({ companies }) => companies.add(company))
          .then(() =>
            uow.run(({ candidates }) => candidates.addNew([aCandidate({ companyId: company.id, metaLeadId: 'x' })])),
          )
          .then((created) => created.length, (error) => error.name + ' ' + error.packageName);
        await db.destroy();
      }
      console.log(JSON.stringify({ ...outcome, strategies }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', hide, '--input-type=module', '--eval', script],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HIDE_PACKAGES: 'pg-copy-streams', URL: database.url },
      },
    );

    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      auto: 1,
      copy: 'MissingPeerDependencyError pg-copy-streams',
      strategies: ['unnest'], // 'copy' failed at its first query, before any write
    });
  });

  it("bulkInsert: 'unnest' keeps the unnest statement on PostgreSQL", async () => {
    const unnestDb = openPostgres({
      connectionString: database.url,
      poolSize: 1,
      bulkInsert: 'unnest',
    });
    try {
      const batch = candidatesOf(3, 'unnest');
      const events = await bulkInsertsDuring(() =>
        new KyselyUnitOfWork(unnestDb).run(({ candidates }) => candidates.addNew(batch)),
      );
      expect(events.map((e) => e.strategy)).toEqual(['unnest']);
      expect(await countStored()).toBe(3);
    } finally {
      await unnestDb.destroy();
    }
  });
});
