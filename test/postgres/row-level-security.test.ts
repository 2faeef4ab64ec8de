import { randomBytes } from 'node:crypto';
import { type Kysely, type LogEvent, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/domain/errors.js';
import type { Candidate } from '../../src/domain/models/candidate.js';
import type { Company } from '../../src/domain/models/company.js';
import type { DomainEvent } from '../../src/domain/models/domain-event.js';
import { FunnelService } from '../../src/domain/services/funnel-service.js';
import { bootstrap } from '../../src/infra/container/bootstrap.js';
import { TOKENS } from '../../src/infra/container/tokens.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import {
  disableRowLevelSecurity,
  enableRowLevelSecurity,
  ROW_LEVEL_SECURITY_TABLES,
  rowLevelSecurityTables,
} from '../../src/infra/postgres/enable-row-level-security.js';
import { KyselyCandidateRepository } from '../../src/infra/postgres/kysely-candidate-repository.js';
import { KyselyUnitOfWork } from '../../src/infra/postgres/kysely-unit-of-work.js';
import { createMigrator, migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { setCompanyForTransaction } from '../../src/infra/postgres/row-level-security-mode.js';
import { aCandidate, aCompany, anEvent } from '../../src/infra/testing/factories.js';
import { runWithContext } from '../../src/shared/context/execution-context.js';
import { configureSettings, getSettings } from '../../src/shared/settings/core-settings.js';
import { describeWithPostgres, postgresUrl, useTestDatabase } from '../support/postgres.js';

const suffix = randomBytes(5).toString('hex');
const APP_ROLE = `baltra_rls_app_${suffix}`;
const RELAY_ROLE = `baltra_rls_relay_${suffix}`;

/** A connection string of `url` as another role (the test server trusts local roles). */
function as(url: string, role: string): string {
  const target = new URL(url);
  target.username = role;
  target.password = '';
  return target.toString();
}

const inCompany = <T>(companyId: string, work: () => Promise<T>): Promise<T> =>
  runWithContext({ companyId }, work);

describeWithPostgres('row-level security per company (PostgreSQL, a non-superuser role)', () => {
  const database = useTestDatabase();
  let app: Kysely<BaltraDatabase>; // the application's role: owner of the tables, no BYPASSRLS
  let admin: Kysely<BaltraDatabase>; // superuser: sees everything, to check what was written
  let relay: Kysely<BaltraDatabase>; // a BYPASSRLS role, as the outbox relay would use
  const queries: { sql: string; parameters: readonly unknown[] }[] = [];
  const companyA: Company = aCompany({ name: 'A' });
  const companyB: Company = aCompany({ name: 'B' });
  const a1: Candidate = aCandidate({ companyId: companyA.id, metaLeadId: 'lead-a1' });
  const a2: Candidate = aCandidate({ companyId: companyA.id });
  const b1: Candidate = aCandidate({ companyId: companyB.id, metaLeadId: 'lead-b1' });
  const eventA: DomainEvent = anEvent({ aggregateId: a1.id, companyId: companyA.id });
  const eventB: DomainEvent = anEvent({ aggregateId: b1.id, companyId: companyB.id });

  beforeAll(async () => {
    // Prepare: roles of this file only; the application's role owns the database and so the
    // tables its migrations create (FORCE is what binds it).
    admin = openPostgres({ connectionString: database.url, poolSize: 2 });
    await sql`create role ${sql.id(APP_ROLE)} login nosuperuser nobypassrls`.execute(admin);
    await sql`create role ${sql.id(RELAY_ROLE)} login nosuperuser bypassrls`.execute(admin);
    await sql`alter database ${sql.id(database.name)} owner to ${sql.id(APP_ROLE)}`.execute(admin);
    app = openPostgres({
      connectionString: as(database.url, APP_ROLE),
      poolSize: 1, // one connection: a setting that outlived its transaction would show
      log: (event: LogEvent) => {
        queries.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    relay = openPostgres({ connectionString: as(database.url, RELAY_ROLE), poolSize: 1 });
    await migrateToLatest(app);
    await sql`grant select, update on all tables in schema public to ${sql.id(RELAY_ROLE)}`.execute(
      app,
    );
    await new KyselyUnitOfWork(app).run(async (repos) => {
      await repos.companies.add(companyA);
      await repos.companies.add(companyB);
      for (const candidate of [a1, a2, b1]) await repos.candidates.add(candidate);
      await repos.outbox.append([eventA, eventB]);
    });
  });

  afterEach(() => {
    configureSettings();
  });

  afterAll(async () => {
    await Promise.all([app?.destroy(), admin?.destroy(), relay?.destroy()]);
    // The roles own the database (and what is in it) only: drop it first, then them.
    const url = postgresUrl();
    if (url === null) return;
    const server = openPostgres({ connectionString: url, poolSize: 1 });
    try {
      await sql`drop database if exists ${sql.id(database.name)} with (force)`.execute(server);
      await sql`drop role if exists ${sql.id(APP_ROLE)}`.execute(server);
      await sql`drop role if exists ${sql.id(RELAY_ROLE)}`.execute(server);
    } finally {
      await server.destroy();
    }
  });

  const candidateIds = async (db: Kysely<BaltraDatabase>) =>
    (await db.selectFrom('candidates').select('id').orderBy('id').execute()).map((r) => r.id);
  const all = () => [a1.id, a2.id, b1.id].sort();

  describe('off (the default): migration 0009 changes nothing', () => {
    it('creates a policy on every company-scoped table but enables row-level security on none', async () => {
      const { rows } = await sql<{ tablename: string }>`
        select tablename from pg_policies where policyname = 'baltra_company_isolation'
        order by tablename`.execute(admin);

      expect(rows.map((r) => r.tablename)).toEqual([...ROW_LEVEL_SECURITY_TABLES].sort());
      expect(await rowLevelSecurityTables(app)).toEqual([]);
    });

    it("a unit of work in A's context still reads B's candidate, and sets no app.company_id", async () => {
      queries.length = 0;

      const read = await inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) => candidates.get(b1.id)),
      );

      expect(read?.id).toBe(b1.id);
      expect(await candidateIds(app)).toEqual(all());
      expect(queries.some((q) => q.sql.includes('set_config'))).toBe(false);
    });
  });

  describe('on (enableRowLevelSecurity)', () => {
    beforeAll(async () => {
      await enableRowLevelSecurity(app);
    });

    it('enables and forces row-level security on every company-scoped table', async () => {
      expect(await rowLevelSecurityTables(app)).toEqual([...ROW_LEVEL_SECURITY_TABLES]);
      await enableRowLevelSecurity(app); // idempotent
      expect(await rowLevelSecurityTables(admin)).toEqual([...ROW_LEVEL_SECURITY_TABLES]);
    });

    it("a repository call in A's context cannot read B's candidate, company or funnel", async () => {
      const uow = new KyselyUnitOfWork(app);

      const [ownCandidate, otherCandidate, byLead, company, counts] = await inCompany(
        companyA.id,
        () =>
          uow.run(async ({ candidates, companies }) => [
            await candidates.get(a1.id),
            await candidates.get(b1.id),
            await candidates.findByMetaLeadId(companyB.id, 'lead-b1'),
            await companies.get(companyB.id),
            await candidates.countByStage(companyB.id),
          ]),
      );

      expect(ownCandidate?.id).toBe(a1.id);
      expect(otherCandidate).toBeNull();
      expect(byLead).toBeNull();
      expect(company).toBeNull();
      expect(counts).toEqual({});
      const inB = await inCompany(companyB.id, () =>
        uow.run(({ candidates }) => candidates.countByStage(companyB.id)),
      );
      expect(inB).toEqual({ [b1.stage]: 1 }); // the control: B sees its own
    });

    it('the company is set with set_config(…, true) and the id as a parameter, never in the SQL', async () => {
      queries.length = 0;

      await inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) => candidates.get(a1.id)),
      );

      const setting = queries.find((q) => q.sql.includes('set_config'));
      expect(setting?.sql).toBe("select set_config('app.company_id', $1, true)");
      expect(setting?.parameters).toEqual([companyA.id]);
      expect(queries.some((q) => q.sql.includes(companyA.id))).toBe(false);
    });

    it("a repository call in A's context cannot update B's candidate", async () => {
      const attempt = inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) =>
          candidates.update({ ...b1, name: 'Changed by A', stage: 'screening' }),
        ),
      );

      await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
      const stored = await admin
        .selectFrom('candidates')
        .select(['name', 'stage', 'version'])
        .where('id', '=', b1.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ name: b1.name, stage: b1.stage, version: b1.version });
    });

    it("a repository call in A's context cannot write into B, nor can SQL in A's transaction", async () => {
      const intruder = aCandidate({ companyId: companyB.id });

      const byRepository = inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) => candidates.add(intruder)),
      );
      const bySql = app.transaction().execute(async (trx) => {
        await setCompanyForTransaction(trx, companyA.id);
        await sql`insert into vacancies (id, company_id, title, openings, status)
          values (gen_random_uuid(), ${companyB.id}, 'Intruder', 1, 'open')`.execute(trx);
      });

      // The repository checks the company first, and B's is invisible to A.
      await expect(byRepository).rejects.toBeInstanceOf(NotFoundError);
      await expect(bySql).rejects.toThrow(/new row violates row-level security policy/);
      const written = await admin
        .selectFrom('candidates')
        .select('id')
        .where('id', '=', intruder.id)
        .execute();
      const vacancies = await admin.selectFrom('vacancies').select('id').execute();
      expect(written).toEqual([]);
      expect(vacancies).toEqual([]);
    });

    it("SQL without a company filter, in A's transaction, reads and updates A's rows only", async () => {
      const rolledBack = new Error('roll back');

      const outcome = app.transaction().execute(async (trx) => {
        await setCompanyForTransaction(trx, companyA.id);
        const { rows } = await sql<{ company_id: string }>`
          select distinct company_id from candidates`.execute(trx);
        const updated = await sql`update candidates set name = 'Changed by A'`.execute(trx);
        const outbox = await sql<{ id: string }>`select id from outbox`.execute(trx);
        expect(rows.map((r) => r.company_id)).toEqual([companyA.id]);
        expect(updated.numAffectedRows).toBe(2n);
        expect(outbox.rows.map((r) => r.id)).toEqual([eventA.id]);
        throw rolledBack;
      });

      await expect(outcome).rejects.toBe(rolledBack);
      expect(await candidateIds(admin)).toEqual(all());
    });

    it("the outbox, whose query names no company, gives A's unit of work A's events only", async () => {
      const pending = await inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ outbox }) => outbox.pending(100)),
      );

      expect(pending.map((entry) => entry.id)).toEqual([eventA.id]);
    });

    it('without app.company_id the company-scoped tables read empty', async () => {
      const inNoContext = await new KyselyUnitOfWork(app).run(async ({ candidates, outbox }) => [
        await candidates.get(a1.id),
        await outbox.pending(100),
      ]);

      expect(inNoContext).toEqual([null, []]);
      expect(await candidateIds(app)).toEqual([]);
      const { rows } = await sql<{ n: string }>`select count(*) as n from companies`.execute(app);
      expect(rows[0]?.n).toBe('0');
    });

    it('the setting ends with its transaction: the next one on the same connection sees nothing', async () => {
      await inCompany(companyA.id, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) => candidates.get(a1.id)),
      );

      expect(await candidateIds(app)).toEqual([]); // the pool has one connection
      const { rows } = await sql<{ value: string | null }>`
        select current_setting('app.company_id', true) as value`.execute(app);
      expect(rows[0]?.value ?? '').toBe('');
    });

    it("a repository outside a unit of work runs in a transaction of its own with the context's company", async () => {
      const repository = new KyselyCandidateRepository(app);

      const [own, other] = await inCompany(companyA.id, async () => [
        await repository.get(a1.id),
        await repository.get(b1.id),
      ]);
      const outsideAnyCompany = await repository.get(a1.id);

      expect(own?.id).toBe(a1.id);
      expect(other).toBeNull();
      expect(outsideAnyCompany).toBeNull();
    });

    it('a companyId that is not a UUID is a ValidationError before any statement', async () => {
      queries.length = 0;

      const attempt = runWithContext({ companyId: "x' or true --" }, () =>
        new KyselyUnitOfWork(app).run(({ candidates }) => candidates.get(a1.id)),
      );

      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      expect(queries).toEqual([]);
    });

    it('the company can come from an option instead of the execution context', async () => {
      const uow = new KyselyUnitOfWork(app, { companyId: () => companyB.id });

      const read = await uow.run(({ candidates }) => candidates.get(b1.id));

      expect(read?.id).toBe(b1.id);
    });

    it('a BYPASSRLS role (the outbox relay, cross-company jobs) still sees every company', async () => {
      const pending = await new KyselyUnitOfWork(relay).run(({ outbox }) => outbox.pending(100));

      expect(await candidateIds(relay)).toEqual(all());
      expect(pending.map((entry) => entry.id).sort()).toEqual([eventA.id, eventB.id].sort());
    });

    it("A's use cases work as before in A's context; B's company and candidates are NOT_FOUND", async () => {
      const uow = new KyselyUnitOfWork(app);

      const [moved, buckets] = await inCompany(companyA.id, () =>
        uow.run(async (repos) => {
          const funnel = new FunnelService(repos);
          const candidate = await funnel.moveCandidate({ candidateId: a2.id, to: 'screening' });
          return [candidate, await funnel.buckets(companyA.id)] as const;
        }),
      );
      const moveB = inCompany(companyA.id, () =>
        uow.run((repos) =>
          new FunnelService(repos).moveCandidate({ candidateId: b1.id, to: 'screening' }),
        ),
      );
      const bucketsB = inCompany(companyA.id, () =>
        uow.run((repos) => new FunnelService(repos).buckets(companyB.id)),
      );

      expect(moved.stage).toBe('screening');
      expect(buckets.total).toBe(2);
      await expect(moveB).rejects.toBeInstanceOf(NotFoundError);
      await expect(bucketsB).rejects.toBeInstanceOf(NotFoundError);
      const written = await admin
        .selectFrom('stage_transitions')
        .select(['candidate_id', 'company_id'])
        .execute();
      expect(written).toEqual([{ candidate_id: a2.id, company_id: companyA.id }]);
    });
  });

  describe('rollback and the setting', () => {
    it('disableRowLevelSecurity gives every row back to a role without a company', async () => {
      await disableRowLevelSecurity(app);

      expect(await rowLevelSecurityTables(app)).toEqual([]);
      expect(await candidateIds(app)).toEqual(all());
    });

    it('BALTRA_POSTGRES_ROW_LEVEL_SECURITY=true: migrateToLatest enables it and the unit of work sets the company', async () => {
      configureSettings({ env: { BALTRA_POSTGRES_ROW_LEVEL_SECURITY: 'true' } });
      const fresh = openPostgres({ connectionString: as(database.url, APP_ROLE), poolSize: 1 });
      try {
        await migrateToLatest(fresh);

        const read = await inCompany(companyA.id, () =>
          new KyselyUnitOfWork(fresh).run(async ({ candidates }) => [
            await candidates.get(a1.id),
            await candidates.get(b1.id),
          ]),
        );

        expect(await rowLevelSecurityTables(fresh)).toEqual([...ROW_LEVEL_SECURITY_TABLES]);
        expect(read.map((c) => c?.id ?? null)).toEqual([a1.id, null]);
      } finally {
        await disableRowLevelSecurity(fresh);
        await fresh.destroy();
      }
    });

    it("bootstrap({ settings }) with postgresRowLevelSecurity enables it from its settings, not the environment's", async () => {
      configureSettings({ env: {} });
      const booted = await bootstrap({
        database: { kind: 'postgres', connectionString: as(database.url, APP_ROLE), poolSize: 1 },
        settings: { ...getSettings(), postgresRowLevelSecurity: true },
      });
      const db = booted.get(TOKENS.Database);
      try {
        const read = await inCompany(companyA.id, () =>
          booted
            .get(TOKENS.UnitOfWork)
            .run(async ({ candidates }) => [
              await candidates.get(a1.id),
              await candidates.get(b1.id),
            ]),
        );

        expect(await rowLevelSecurityTables(db)).toEqual([...ROW_LEVEL_SECURITY_TABLES]);
        expect(read.map((c) => c?.id ?? null)).toEqual([a1.id, null]);
      } finally {
        await disableRowLevelSecurity(db);
        await booted.close();
      }
    });

    it('reverting migration 0009 turns row-level security off and drops the policies', async () => {
      await enableRowLevelSecurity(app);
      const migrator = createMigrator(app);
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const target = names[names.indexOf('2026_12_07_0009_row_level_security') - 1];

      const down = await migrator.migrateTo(target ?? '');
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_policies where policyname = 'baltra_company_isolation'`.execute(
        admin,
      );

      expect(down.error).toBeUndefined();
      expect(rows[0]?.n).toBe('0');
      expect(await rowLevelSecurityTables(app)).toEqual([]);
      expect(await candidateIds(app)).toEqual(all());
      await disableRowLevelSecurity(app); // the SDK stops setting the company on `app` too
      await expect(enableRowLevelSecurity(app)).rejects.toMatchObject({
        code: 'ROW_LEVEL_SECURITY_POLICIES_MISSING',
      });
      await migrateToLatest(app);
      expect(await rowLevelSecurityTables(app)).toEqual([]);
    });
  });
});

describe('row-level security on PGlite', () => {
  let db: Kysely<BaltraDatabase>;
  const companyA = aCompany();
  const companyB = aCompany();
  const a1 = aCandidate({ companyId: companyA.id });
  const b1 = aCandidate({ companyId: companyB.id });

  beforeAll(async () => {
    db = openPglite({ snapshot: false });
    await migrateToLatest(db);
    await new KyselyUnitOfWork(db).run(async ({ companies, candidates }) => {
      await companies.add(companyA);
      await companies.add(companyB);
      await candidates.add(a1);
      await candidates.add(b1);
    });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('migration 0009 applies there and row-level security can be enabled', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_policies where policyname = 'baltra_company_isolation'`.execute(
      db,
    );
    await enableRowLevelSecurity(db);

    expect(rows[0]?.n).toBe(ROW_LEVEL_SECURITY_TABLES.length);
    expect(await rowLevelSecurityTables(db)).toEqual([...ROW_LEVEL_SECURITY_TABLES]);
  });

  it("binds a role without superuser there too (PGlite's own user is a superuser and is not bound)", async () => {
    const superuserSees = await inCompany(companyA.id, () =>
      new KyselyUnitOfWork(db).run(({ candidates }) => candidates.get(b1.id)),
    );
    await sql`create role baltra_rls_pglite nosuperuser nobypassrls`.execute(db);
    await sql`grant select, insert, update, delete on all tables in schema public to baltra_rls_pglite`.execute(
      db,
    );
    await sql`set role baltra_rls_pglite`.execute(db);
    try {
      const read = await inCompany(companyA.id, () =>
        new KyselyUnitOfWork(db).run(async ({ candidates }) => [
          await candidates.get(a1.id),
          await candidates.get(b1.id),
        ]),
      );

      expect(read.map((c) => c?.id ?? null)).toEqual([a1.id, null]);
    } finally {
      await sql`reset role`.execute(db);
    }
    expect(superuserSees?.id).toBe(b1.id);
  });
});
