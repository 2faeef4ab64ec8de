// Writes dist/pglite-snapshot.tar.br and dist/pglite-snapshot.json: the PGlite data directory
// after initdb and every SDK migration, which bootstrap() loads instead of running initdb and the
// migrations (docs/adr/0024-pglite-snapshot.md). Run by `npm run build` (scripts/build.mjs) and
// by `prepare` (so it exists after `npm ci`, for `npm run demo` from the sources).
// A snapshot is kept in node_modules/.cache/baltra-sdk/ under a key of the PGlite version and
// the migrations' fingerprints, so a rebuild with neither changed copies it instead of
// running initdb again. Without the dev dependencies (tsx, PGlite) it says so and exits 0:
// the SDK then starts without a snapshot, as before.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const FILES = ['pglite-snapshot.tar.br', 'pglite-snapshot.json'];

let register;
try {
  ({ register } = await import('tsx/esm/api'));
  await import('@electric-sql/pglite');
} catch {
  console.log('pglite snapshot: skipped (tsx or @electric-sql/pglite is not installed)');
  process.exit(0);
}
register();
const src = (path) => new URL(`../src/infra/postgres/${path}`, import.meta.url).href;
const { migrationFingerprints } = await import(src('migration-fingerprints.ts'));
const { writePgliteSnapshot } = await import(src('write-pglite-snapshot.ts'));

const started = Date.now();
const pgliteVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
).version;
const key = createHash('sha256')
  .update(
    JSON.stringify({
      format: '1 (tar, brotli, tarBytes)',
      pgliteVersion,
      migrations: await migrationFingerprints(),
    }),
  )
  .digest('hex')
  .slice(0, 16);
const cache = join(root, 'node_modules/.cache/baltra-sdk', `pglite-snapshot-${key}`);
const cached = FILES.every((file) => existsSync(join(cache, file)));
if (!cached) {
  rmSync(cache, { recursive: true, force: true });
  await writePgliteSnapshot(cache);
}
mkdirSync(out, { recursive: true });
for (const file of FILES) copyFileSync(join(cache, file), join(out, file));
const manifest = JSON.parse(readFileSync(join(out, FILES[1]), 'utf8'));
const size = statSync(join(out, FILES[0])).size;
console.log(
  `pglite snapshot: dist/${FILES[0]} (${(size / 1024 / 1024).toFixed(2)} MiB, PGlite ${manifest.pglite}, ` +
    `${manifest.migrations.length} migrations) ${cached ? 'from the cache' : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
