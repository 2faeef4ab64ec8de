import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import { migrateToLatest } from './migrate-to-latest.js';
import { migrationFingerprints } from './migration-fingerprints.js';
import { openPglite } from './open-pglite.js';
import {
  PGLITE_SNAPSHOT_ARCHIVE,
  PGLITE_SNAPSHOT_MANIFEST,
  type PgliteSnapshotManifest,
} from './read-pglite-snapshot.js';

/** Options of {@link writePgliteSnapshot}. */
export interface WritePgliteSnapshotOptions {
  /** Brotli quality, 0–11 (default 11: smallest, about 25 s on 2 cores; tests use less). */
  readonly quality?: number;
}

/**
 * Builds a pre-migrated PGlite snapshot into `dir`: a fresh in-memory PGlite (initdb), every
 * SDK migration applied, a `CHECKPOINT` (so a start from it replays no WAL), then the data
 * directory dumped as a tar, compressed with brotli (quality 11, 16 MiB window: the three
 * near-identical databases of a data directory compress to 1.4 MB, 4.7 MB with gzip) as
 * `pglite-snapshot.tar.br`, and described by
 * `pglite-snapshot.json` (the PGlite version, the archive's SHA-256, the migrations'
 * fingerprints). The manifest is written last, so a reader never sees it without its archive.
 * The build runs this for `dist/` (scripts/build-pglite-snapshot.mjs).
 *
 * @example
 * ```ts
 * const manifest = await writePgliteSnapshot('dist');
 * manifest.migrations.length; // 5
 * ```
 */
export async function writePgliteSnapshot(
  dir: string,
  options: WritePgliteSnapshotOptions = {},
): Promise<PgliteSnapshotManifest> {
  const { PGlite } = await loadOptionalPeer<typeof import('@electric-sql/pglite')>(
    '@electric-sql/pglite',
    'the embedded PGlite database',
    '@baltra/sdk/postgres',
  );
  const client = await PGlite.create();
  try {
    const db = openPglite({ client });
    await migrateToLatest(db);
    await db.destroy();
    await client.exec('CHECKPOINT');
    const tar = new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
    const archive = await promisify(brotliCompress)(tar, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: options.quality ?? 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: tar.length,
      },
    });
    const manifest: PgliteSnapshotManifest = {
      format: 1,
      pglite: installedPgliteVersion(),
      archiveSha256: createHash('sha256').update(archive).digest('hex'),
      tarBytes: tar.length,
      migrations: await migrationFingerprints(),
    };
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, PGLITE_SNAPSHOT_ARCHIVE), archive);
    await writeFile(join(dir, PGLITE_SNAPSHOT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await client.close();
  }
}

/** The version in `@electric-sql/pglite`'s package.json (not in its `exports`, so found by path). */
function installedPgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (json.name === '@electric-sql/pglite' && json.version) return json.version;
    } catch {
      // no package.json here: go up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
