import { createHash } from 'node:crypto';
import {
  DummyDriver,
  Kysely,
  type Migration,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { BALTRA_MIGRATIONS } from './migrations.js';

/** A migration by name and the SHA-256 of the SQL its `up` issues. */
export interface MigrationFingerprint {
  readonly name: string;
  readonly sha256: string;
}

/**
 * Fingerprints of migrations in the order they run: each `up` is run against a Kysely that
 * compiles PostgreSQL but executes nothing (`DummyDriver`, every query returns no rows), and the
 * SQL and parameters it issued are hashed. Editing what a migration does changes its
 * fingerprint; how the code was compiled (the sources, the bundle) does not. A pre-migrated
 * PGlite snapshot records these so that a stale one is never used.
 *
 * @example
 * ```ts
 * const [first] = await migrationFingerprints();
 * first?.name; // '2026_11_23_0001_companies_and_candidates'
 * ```
 */
export async function migrationFingerprints(
  migrations: Readonly<Record<string, Migration>> = BALTRA_MIGRATIONS,
): Promise<MigrationFingerprint[]> {
  const names = Object.keys(migrations).sort();
  const fingerprints: MigrationFingerprint[] = [];
  for (const name of names) {
    const statements: string[] = [];
    const db = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (kysely) => new PostgresIntrospector(kysely),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        statements.push(`${event.query.sql}\n${JSON.stringify(event.query.parameters, bigints)}`);
      },
    });
    await migrations[name]?.up(db);
    const sha256 = createHash('sha256').update(statements.join('\n;\n')).digest('hex');
    fingerprints.push({ name, sha256 });
  }
  return fingerprints;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
