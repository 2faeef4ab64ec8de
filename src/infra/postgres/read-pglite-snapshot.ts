import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { DeferredBlob } from './deferred-blob.js';
import { type MigrationFingerprint, migrationFingerprints } from './migration-fingerprints.js';

/** File names of a PGlite snapshot inside its directory (`dist/` for the packaged one). */
export const PGLITE_SNAPSHOT_ARCHIVE = 'pglite-snapshot.tar.br';
export const PGLITE_SNAPSHOT_MANIFEST = 'pglite-snapshot.json';

/** What `pglite-snapshot.json` records about the data directory in `pglite-snapshot.tar.br`. */
export interface PgliteSnapshotManifest {
  readonly format: 1;
  /** The `@electric-sql/pglite` version that ran initdb and the migrations. */
  readonly pglite: string;
  /** SHA-256 (hex) of the archive, so a damaged or replaced archive is never started. */
  readonly archiveSha256: string;
  /** Size of the tar once decompressed. */
  readonly tarBytes: number;
  /** The migrations applied in the snapshot, in order, with their fingerprints. */
  readonly migrations: readonly MigrationFingerprint[];
}

/** A snapshot that matches this build's migrations (all of them, or the first ones). */
export interface UsablePgliteSnapshot {
  readonly usable: true;
  /**
   * The data directory as a tar for PGlite's `loadDataDir`, decompressed in the background:
   * reading it rejects when the archive does not decompress to a tar.
   */
  readonly archive: Blob;
  readonly manifest: PgliteSnapshotManifest;
}

/** Why a snapshot cannot be used; the caller runs initdb and the migrations instead. */
export interface UnusablePgliteSnapshot {
  readonly usable: false;
  readonly reason: string;
}

/**
 * Reads the snapshot in `dir` (the package's `dist/` by default) and checks it against this
 * build's migrations: usable only when its migrations are, name for name and fingerprint for
 * fingerprint, the first of (or all of) `BALTRA_MIGRATIONS`, and the archive's SHA-256 is the
 * one recorded. Never throws: a missing, stale or damaged snapshot comes back as unusable with
 * the reason.
 *
 * @example
 * ```ts
 * const snapshot = await readPgliteSnapshot();
 * const pglite = snapshot.usable
 *   ? await PGlite.create({ loadDataDir: snapshot.archive })
 *   : await PGlite.create();
 * ```
 */
export async function readPgliteSnapshot(
  dir: string | undefined = packagedSnapshotDir(),
): Promise<UsablePgliteSnapshot | UnusablePgliteSnapshot> {
  if (dir === undefined) return unusable('the @baltra/sdk package directory was not found');
  let manifest: PgliteSnapshotManifest;
  try {
    manifest = parseManifest(await readFile(join(dir, PGLITE_SNAPSHOT_MANIFEST), 'utf8'));
  } catch (error) {
    return unusable(`no readable ${PGLITE_SNAPSHOT_MANIFEST} in ${dir}: ${messageOf(error)}`);
  }
  let current: readonly MigrationFingerprint[];
  try {
    current = await currentFingerprints();
  } catch (error) {
    return unusable(`the migrations could not be fingerprinted: ${messageOf(error)}`);
  }
  const stale = staleMigration(manifest.migrations, current);
  if (stale !== undefined) return unusable(`the snapshot is stale: ${stale}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, PGLITE_SNAPSHOT_ARCHIVE));
  } catch (error) {
    return unusable(`no readable ${PGLITE_SNAPSHOT_ARCHIVE} in ${dir}: ${messageOf(error)}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== manifest.archiveSha256) {
    return unusable(`${PGLITE_SNAPSHOT_ARCHIVE} does not match the SHA-256 in its manifest`);
  }
  const tar = decompressTar(bytes, manifest.tarBytes);
  return { usable: true, archive: new DeferredBlob(tar, manifest.tarBytes), manifest };
}

/**
 * The directory of the snapshot built with the package: `dist/` of the nearest enclosing
 * `@baltra/sdk` package (the same from the bundle in `dist/` and from the sources in `src/`).
 *
 * @example
 * ```ts
 * packagedSnapshotDir(); // '/app/node_modules/@baltra/sdk/dist'
 * ```
 */
export function packagedSnapshotDir(from: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const packageJson = join(dir, 'package.json');
    if (existsSync(packageJson) && packageNameOf(packageJson) === '@baltra/sdk') {
      return join(dir, 'dist');
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The tar in a brotli archive, decompressed on the thread pool and copied chunk by chunk into
 * one buffer of the size the manifest gives (no concatenation at the end, so the main thread,
 * busy starting PGlite meanwhile, is never held up for long). PGlite retries what it cannot
 * untar as gzip, and a failed gunzip there is an unhandled rejection that ends the process:
 * anything but a tar of that size is refused here.
 */
function decompressTar(archive: Uint8Array, size: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const tar = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    const stream = createBrotliDecompress({ chunkSize: 1024 * 1024 });
    stream.on('data', (chunk: Buffer) => {
      if (filled + chunk.length > size) {
        stream.destroy(new Error(`${PGLITE_SNAPSHOT_ARCHIVE} holds more than ${size} bytes`));
        return;
      }
      chunk.copy(tar, filled);
      filled += chunk.length;
    });
    stream.on('error', reject);
    stream.on('end', () => {
      if (filled !== size || tar.subarray(257, 262).toString('latin1') !== 'ustar') {
        reject(new Error(`${PGLITE_SNAPSHOT_ARCHIVE} does not hold a tar of ${size} bytes`));
      } else {
        resolve(tar);
      }
    });
    stream.end(archive);
  });
}

let fingerprints: Promise<MigrationFingerprint[]> | undefined;

/** This build's fingerprints, computed once per process. */
function currentFingerprints(): Promise<MigrationFingerprint[]> {
  fingerprints ??= migrationFingerprints();
  return fingerprints;
}

/** The first difference that makes the snapshot unusable, or undefined when it is a prefix. */
function staleMigration(
  recorded: readonly MigrationFingerprint[],
  current: readonly MigrationFingerprint[],
): string | undefined {
  if (recorded.length > current.length) {
    return `it has ${recorded.length} migrations, this build ${current.length}`;
  }
  for (const [index, migration] of recorded.entries()) {
    const expected = current[index];
    if (migration.name !== expected?.name) {
      return `migration ${index + 1} is ${migration.name}, this build's is ${expected?.name}`;
    }
    if (migration.sha256 !== expected.sha256) {
      return `migration ${migration.name} has changed since the snapshot was built`;
    }
  }
  return undefined;
}

function parseManifest(text: string): PgliteSnapshotManifest {
  const value = JSON.parse(text) as Partial<PgliteSnapshotManifest> | null;
  const migrations = value?.migrations;
  if (
    value?.format !== 1 ||
    typeof value.pglite !== 'string' ||
    typeof value.archiveSha256 !== 'string' ||
    typeof value.tarBytes !== 'number' ||
    !Array.isArray(migrations) ||
    !migrations.every((m) => typeof m?.name === 'string' && typeof m?.sha256 === 'string')
  ) {
    throw new Error('not a format-1 PGlite snapshot manifest');
  }
  return value as PgliteSnapshotManifest;
}

function packageNameOf(packageJson: string): unknown {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

function unusable(reason: string): UnusablePgliteSnapshot {
  return { usable: false, reason };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
