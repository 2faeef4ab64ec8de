import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EXIT, USAGE } from '../../src/bin/run-baltra-cli.js';
import { BALTRA_MIGRATIONS } from '../../src/infra/postgres/migrations.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { runInProcess, spawnBaltra as spawnCli } from '../support/run-cli.js';

const FIRST = '2026_11_23_0001_companies_and_candidates';
const SECOND = '2026_11_23_0002_recruiting_domain';
const THIRD = '2026_11_23_0003_sagas';
const FOURTH = '2026_11_23_0004_rate_limits';
const FIFTH = '2026_12_06_0005_action_attempts';
const SIXTH = '2026_12_07_0006_outbox_trace_context';
const SEVENTH = '2026_12_07_0007_candidate_campaign';
// Later migrations are appended here; the tests below follow the list.
const MIGRATIONS = Object.keys(BALTRA_MIGRATIONS);
const LATEST = MIGRATIONS.at(-1) ?? '';
const APPLIED_ALL = MIGRATIONS.map((name) => `applied ${name}`).join('\n');
const PASSWORD = 'Sup3r-s3cret';

/** The environment without any database URL, so tests choose it. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _a, BALTRA_DATABASE_URL: _b, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** Runs `baltra` as users do: a separate node process (TypeScript through tsx). */
function spawnBaltra(args: string[], env = cleanEnv()) {
  return spawnCli(args, env);
}

describe('baltra CLI: usage', () => {
  it('exits 2 with the usage when no database is configured (spawned)', async () => {
    const result = await spawnBaltra(['migrate', 'status']);

    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'baltra: no database: pass --database-url or set BALTRA_DATABASE_URL',
    );
    expect(result.stderr).toContain('Usage: baltra migrate <up|down|status>');
  });

  it('prints the help and exits 0', async () => {
    const result = await runInProcess(['--help']);

    expect(result).toEqual({ code: EXIT.ok, out: USAGE, err: '' });
  });

  it.each([
    [[], 'missing command'],
    [['seed'], 'unknown command seed'],
    [['migrate'], 'migrate needs up, down or status'],
    [['migrate', 'sideways'], 'unknown migrate command sideways'],
    [['migrate', 'up', 'now'], 'unexpected argument now'],
    [['migrate', 'up', '--force'], 'unknown option --force'],
    [['migrate', 'up', '--database-url'], '--database-url needs a value'],
    [['migrate', 'up', '--database-url', 'pglite:'], 'pglite: needs a directory'],
  ])('exits 2 for %j: %s', async (args, message) => {
    const result = await runInProcess(args, { DATABASE_URL: 'postgres://127.0.0.1/x' });

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(`baltra: ${message}`);
    expect(result.out).toBe('');
  });

  it('refuses an unsupported URL naming only its scheme, never the password', async () => {
    const result = await runInProcess([
      'migrate',
      'up',
      `--database-url=mysql://root:${PASSWORD}@127.0.0.1/db`,
    ]);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('unsupported database URL scheme mysql:');
    expect(result.err).not.toContain(PASSWORD);
  });
});

describe('baltra CLI: failures', () => {
  it('exits 1 with the typed error and no password when the server is unreachable (spawned)', async () => {
    const url = `postgres://app:${PASSWORD}@127.0.0.1:1/baltra`;

    const result = await spawnBaltra(['migrate', 'up'], cleanEnv({ DATABASE_URL: url }));

    expect(result.code).toBe(EXIT.failure);
    expect(result.stderr.trim()).toBe(
      'baltra: DATABASE_UNAVAILABLE: cannot connect to PostgreSQL at 127.0.0.1:1: ECONNREFUSED',
    );
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});

describe('baltra CLI on PGlite', () => {
  it('migrates a PGlite directory given as pglite:<directory>', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baltra-cli-'));
    try {
      const up = await runInProcess(['migrate', 'up', '--database-url', `pglite:${dir}`]);
      const status = await runInProcess(['migrate', 'status'], {
        BALTRA_DATABASE_URL: `pglite://${dir}`,
      });

      expect(up).toMatchObject({
        code: EXIT.ok,
        out: APPLIED_ALL,
      });
      expect(status.code).toBe(EXIT.ok);
      expect(status.out).toContain(`${MIGRATIONS.length} applied, 0 pending`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describeWithPostgres('baltra CLI on PostgreSQL', () => {
  const database = useTestDatabase();

  it('migrates up, reports the status, reverts one migration and re-applies it (spawned)', async () => {
    const env = cleanEnv({ DATABASE_URL: database.url });

    const up = await spawnBaltra(['migrate', 'up'], env);
    const again = await spawnBaltra(['migrate', 'up', '--database-url', database.url]);
    const down = await spawnBaltra(['migrate', 'down'], env);
    const status = await runInProcess(['migrate', 'status'], { DATABASE_URL: database.url });
    const reapplied = await runInProcess(['migrate', 'up'], { DATABASE_URL: database.url });

    expect(up).toEqual({
      code: 0,
      stdout: `${APPLIED_ALL}\n`,
      stderr: '',
    });
    expect(MIGRATIONS.slice(0, 7)).toEqual([FIRST, SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH]);
    expect(again.stdout).toBe('already up to date\n');
    expect(down).toEqual({ code: 0, stdout: `reverted ${LATEST}\n`, stderr: '' });
    const lines = status.out.split('\n');
    expect(lines[0]).toMatch(/^MIGRATION\s+STATUS\s+APPLIED AT$/);
    for (const [i, name] of MIGRATIONS.slice(0, -1).entries()) {
      expect(lines[i + 1]).toMatch(new RegExp(`^${name}\\s+applied\\s+\\d{4}-\\d{2}-\\d{2}T`));
    }
    expect(lines[MIGRATIONS.length]).toMatch(new RegExp(`^${LATEST}\\s+pending\\s+-$`));
    expect(lines[MIGRATIONS.length + 1]).toBe(`${MIGRATIONS.length - 1} applied, 1 pending`);
    expect(reapplied).toMatchObject({ code: EXIT.ok, out: `applied ${LATEST}` });
  }, 60_000);

  it('prefers BALTRA_DATABASE_URL to DATABASE_URL, and a flag to both', async () => {
    const unreachable = 'postgres://nobody@127.0.0.1:1/none';

    const fromBaltra = await runInProcess(['migrate', 'status'], {
      BALTRA_DATABASE_URL: database.url,
      DATABASE_URL: unreachable,
    });
    const fromFlag = await runInProcess(['migrate', 'status', '--database-url', database.url], {
      BALTRA_DATABASE_URL: unreachable,
    });

    expect(fromBaltra.code).toBe(EXIT.ok);
    expect(fromFlag.code).toBe(EXIT.ok);
  });

  it('reports a failed migration with MIGRATION_FAILED and exits 1', async () => {
    const db = openPostgres({ connectionString: database.url, poolSize: 1 });
    // Back to just before 0007 (whatever came after it), whose column is then in the way.
    for (const _ of MIGRATIONS.slice(MIGRATIONS.indexOf(SEVENTH))) {
      await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    }
    await sql`alter table candidates add column campaign_id text`.execute(db);

    const result = await runInProcess(['migrate', 'up'], { DATABASE_URL: database.url });
    await sql`alter table candidates drop column campaign_id`.execute(db);
    await db.destroy();

    expect(result.code).toBe(EXIT.failure);
    expect(result.err).toBe(
      `baltra: MIGRATION_FAILED: migration ${SEVENTH} (Up) failed: column "campaign_id" of relation "candidates" already exists`,
    );
  });

  it('says so when there is nothing to revert', async () => {
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });
    await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });

    const result = await runInProcess(['migrate', 'down'], { DATABASE_URL: database.url });

    expect(result).toMatchObject({ code: EXIT.ok, out: 'nothing to revert' });
  });
});
