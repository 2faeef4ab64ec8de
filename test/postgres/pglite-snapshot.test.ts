// The pre-migrated PGlite snapshot (docs/adr/0024-pglite-snapshot.md): read and checked against
// this build's migrations, loaded when current, and never used when stale or damaged — the
// database then comes from initdb and the migrations, and is just as correct.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { type Kysely, type Migration, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/index.js';
import { migrateToLatest, openPglite } from '../../src/infra/postgres/index.js';
import { migrationFingerprints } from '../../src/infra/postgres/migration-fingerprints.js';
import { BALTRA_MIGRATIONS } from '../../src/infra/postgres/migrations.js';
import {
  PGLITE_SNAPSHOT_ARCHIVE,
  PGLITE_SNAPSHOT_MANIFEST,
  type PgliteSnapshotManifest,
  packagedSnapshotDir,
  readPgliteSnapshot,
} from '../../src/infra/postgres/read-pglite-snapshot.js';
import { writePgliteSnapshot } from '../../src/infra/postgres/write-pglite-snapshot.js';

const ALL = Object.keys(BALTRA_MIGRATIONS).sort();
const SLOW = 240_000; // an initdb on a busy 2-core machine

let dir: string;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'baltra-snapshot-'));
  dir = join(scratch, 'current');
  await writePgliteSnapshot(dir, { quality: 5 });
}, SLOW);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the current snapshot with its manifest and/or archive edited. */
async function variant(
  name: string,
  edit: {
    manifest?: (manifest: PgliteSnapshotManifest) => PgliteSnapshotManifest;
    archive?: (bytes: Buffer) => Buffer;
  },
): Promise<string> {
  const target = join(scratch, name);
  await cp(dir, target, { recursive: true });
  const archivePath = join(target, PGLITE_SNAPSHOT_ARCHIVE);
  const manifestPath = join(target, PGLITE_SNAPSHOT_MANIFEST);
  if (edit.archive) await writeFile(archivePath, edit.archive(await readFile(archivePath)));
  if (edit.manifest) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PgliteSnapshotManifest;
    await writeFile(manifestPath, JSON.stringify(edit.manifest(manifest)));
  }
  return target;
}

function recordingLogger(): Logger & { debug: ReturnType<typeof vi.fn> } {
  const logger = {
    error: vi.fn(),
    warn: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    child: () => logger,
  };
  return logger;
}

async function recordedMigrations<DB>(db: Kysely<DB>): Promise<string[] | 'no table'> {
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass('baltra_migration') is not null as present`.execute(db);
  if (!rows[0]?.present) return 'no table';
  const names = await sql<{ name: string }>`select name from baltra_migration`.execute(db);
  return names.rows.map((row) => row.name).sort();
}

describe('readPgliteSnapshot', () => {
  it("accepts a snapshot of this build's migrations", async () => {
    const snapshot = await readPgliteSnapshot(dir);

    expect(snapshot.usable).toBe(true);
    if (!snapshot.usable) return;
    expect(snapshot.manifest.migrations.map((m) => m.name)).toEqual(ALL);
    expect(snapshot.archive.size).toBeGreaterThan(0);
  });

  it('accepts a snapshot of the first migrations only (the newer ones are applied on top)', async () => {
    const older = await variant('older', {
      manifest: (m) => ({ ...m, migrations: m.migrations.slice(0, -1) }),
    });

    expect((await readPgliteSnapshot(older)).usable).toBe(true);
  });

  it('refuses a snapshot whose migration has changed since it was built', async () => {
    const stale = await variant('changed', {
      manifest: (m) => ({
        ...m,
        migrations: m.migrations.map((migration, i) =>
          i === 1 ? { ...migration, sha256: '0'.repeat(64) } : migration,
        ),
      }),
    });

    const snapshot = await readPgliteSnapshot(stale);

    expect(snapshot).toEqual({
      usable: false,
      reason: `the snapshot is stale: migration ${ALL[1]} has changed since the snapshot was built`,
    });
  });

  it('refuses a snapshot with a migration this build does not have', async () => {
    const newer = await variant('newer', {
      manifest: (m) => ({
        ...m,
        migrations: [...m.migrations, { name: '2099_01_01_0099_future', sha256: 'f'.repeat(64) }],
      }),
    });

    const snapshot = await readPgliteSnapshot(newer);

    expect(snapshot.usable).toBe(false);
    if (!snapshot.usable) expect(snapshot.reason).toMatch(/stale: it has \d+ migrations/);
  });

  it('refuses a damaged archive without starting it', async () => {
    const damaged = await variant('damaged', {
      archive: (bytes) => {
        const copy = Buffer.from(bytes);
        copy[copy.length >> 1] = (copy[copy.length >> 1] ?? 0) ^ 0xff;
        return copy;
      },
    });

    const snapshot = await readPgliteSnapshot(damaged);

    expect(snapshot.usable).toBe(false);
    if (!snapshot.usable) expect(snapshot.reason).toContain('SHA-256');
  });

  it('hands PGlite no archive that is not a tar of the recorded size (it would take it for gzip)', async () => {
    const archive = brotliCompressSync(Buffer.from('no tar here\n'.repeat(100)));
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const notTar = await variant('not-tar', {
      archive: () => archive,
      manifest: (m) => ({ ...m, archiveSha256: sha256, tarBytes: 1200 }),
    });
    const wrongSize = await variant('wrong-size', {
      manifest: (m) => ({ ...m, tarBytes: m.tarBytes - 512 }),
    });

    const snapshots = [await readPgliteSnapshot(notTar), await readPgliteSnapshot(wrongSize)];

    for (const snapshot of snapshots) {
      expect(snapshot.usable).toBe(true); // checked as the bytes come: PGlite's read fails
      if (snapshot.usable) await expect(snapshot.archive.arrayBuffer()).rejects.toThrow(/tar/);
    }
  });

  it('decompresses the archive to the tar the manifest describes', async () => {
    const snapshot = await readPgliteSnapshot(dir);
    if (!snapshot.usable) throw new Error(snapshot.reason);

    const tar = new Uint8Array(await snapshot.archive.arrayBuffer());

    expect(tar.length).toBe(snapshot.manifest.tarBytes);
    expect(snapshot.archive.size).toBe(snapshot.manifest.tarBytes);
    expect(Buffer.from(tar.subarray(257, 262)).toString('latin1')).toBe('ustar');
    expect(new Uint8Array(await snapshot.archive.slice(0, 512).arrayBuffer())).toEqual(
      tar.subarray(0, 512),
    );
  });

  it('refuses a directory without a snapshot, and a manifest of another format', async () => {
    const missing = await readPgliteSnapshot(join(scratch, 'nowhere'));
    const other = await variant('format', {
      manifest: (m) => ({ ...m, format: 2 }) as unknown as PgliteSnapshotManifest,
    });

    expect(missing.usable).toBe(false);
    expect((await readPgliteSnapshot(other)).usable).toBe(false);
  });

  it("finds the package's dist/ from the sources", () => {
    expect(packagedSnapshotDir()).toBe(join(process.cwd(), 'dist'));
    expect(packagedSnapshotDir('file:///')).toBeUndefined();
  });
});

describe('migrationFingerprints', () => {
  const table = (name: string): Migration => ({
    async up(db: Kysely<unknown>) {
      await db.schema.createTable(name).addColumn('id', 'uuid').execute();
    },
  });

  it('follows the SQL a migration issues, not the code object that issues it', async () => {
    const [a] = await migrationFingerprints({ m: table('widgets') });
    const [again] = await migrationFingerprints({ m: table('widgets') });
    const [changed] = await migrationFingerprints({ m: table('gadgets') });

    expect(again?.sha256).toBe(a?.sha256);
    expect(changed?.sha256).not.toBe(a?.sha256);
  });

  it("lists the SDK's migrations in the order they run", async () => {
    expect((await migrationFingerprints()).map((m) => m.name)).toEqual(ALL);
  });
});

describe('openPglite({ snapshot })', () => {
  it(
    'starts already migrated from a current snapshot',
    async () => {
      const logger = recordingLogger();
      const db = openPglite({ snapshot: dir, logger });
      try {
        expect(await recordedMigrations(db)).toEqual(ALL);
        expect(await migrateToLatest(db)).toEqual([]);
        expect(logger.debug).not.toHaveBeenCalled();
      } finally {
        await db.destroy();
      }
    },
    SLOW,
  );

  it(
    'falls back to initdb and the migrations for a stale snapshot, and the database is correct',
    async () => {
      const stale = await variant('stale', {
        manifest: (m) => ({
          ...m,
          migrations: m.migrations.map((migration) => ({ ...migration, sha256: '1'.repeat(64) })),
        }),
      });
      const logger = recordingLogger();
      const db = openPglite({ snapshot: stale, logger });
      try {
        expect(await recordedMigrations(db)).toBe('no table'); // initdb: nothing from the snapshot
        expect(await migrateToLatest(db)).toEqual(ALL);
        expect(await recordedMigrations(db)).toEqual(ALL);
        expect(logger.debug).toHaveBeenCalledWith(
          'PGlite snapshot not used, running initdb and the migrations',
          { reason: expect.stringContaining('stale') },
        );
      } finally {
        await db.destroy();
      }
    },
    SLOW,
  );

  it(
    'falls back when PostgreSQL will not start from the archive',
    async () => {
      // A well-formed tar of a data directory from a PostgreSQL that does not exist.
      const pgdata = join(scratch, 'pgdata-99');
      await mkdir(pgdata, { recursive: true });
      await writeFile(join(pgdata, 'PG_VERSION'), '99\n');
      const archive = brotliCompressSync(execFileSync('tar', ['-cf', '-', '-C', pgdata, '.']));
      const broken = await variant('broken', {
        archive: () => archive,
        manifest: (m) => ({
          ...m,
          archiveSha256: createHash('sha256').update(archive).digest('hex'),
        }),
      });
      expect((await readPgliteSnapshot(broken)).usable).toBe(true);
      const logger = recordingLogger();
      const db = openPglite({ snapshot: broken, logger });
      try {
        expect(await migrateToLatest(db)).toEqual(ALL);
        expect(logger.debug).toHaveBeenCalledWith(
          'PGlite did not start from its snapshot, running initdb and the migrations',
          { reason: expect.any(String) },
        );
      } finally {
        await db.destroy();
      }
    },
    SLOW,
  );

  it(
    'is not used for a database kept in dataDir',
    async () => {
      expect(existsSync(join(dir, PGLITE_SNAPSHOT_ARCHIVE))).toBe(true);
      const dataDir = join(scratch, 'persisted');
      const db = openPglite({ dataDir, snapshot: dir });
      try {
        expect(await recordedMigrations(db)).toBe('no table');
      } finally {
        await db.destroy();
      }
    },
    SLOW,
  );
});
