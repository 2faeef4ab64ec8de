// Builds dist/: one ES module bundle per entry point (shared code in chunks) with esbuild, and
// the declarations with tsc. Bundling keeps cold imports cheap: Node's ESM loader pays per
// module, and the sources are ~200 small files (see docs/adr/0011-bundled-build.md).
// The package ships src/ beside dist/: the source maps (.js.map) and declaration maps
// (.d.ts.map) point at ../src, so stack traces and go-to-definition land in the TypeScript
// sources; the maps therefore do not embed them again (sourcesContent: false).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const entryPoints = {
  index: 'src/index.ts',
  'infra/container/index': 'src/infra/container/index.ts',
  'infra/postgres/index': 'src/infra/postgres/index.ts',
  'infra/testing/index': 'src/infra/testing/index.ts',
  'infra/express/index': 'src/infra/express/index.ts',
  'infra/fastify/index': 'src/infra/fastify/index.ts',
  'infra/opentelemetry/index': 'src/infra/opentelemetry/index.ts',
  'infra/step-functions/index': 'src/infra/step-functions/index.ts',
  'infra/meta/index': 'src/infra/meta/index.ts',
  'infra/sqs/index': 'src/infra/sqs/index.ts',
  'infra/worker/index': 'src/infra/worker/index.ts',
  'infra/redis/index': 'src/infra/redis/index.ts',
  'infra/ai/index': 'src/infra/ai/index.ts',
  'infra/reporting/index': 'src/infra/reporting/index.ts',
  'infra/prometheus/index': 'src/infra/prometheus/index.ts',
  'legacy/index': 'src/legacy/index.ts',
  'bin/baltra': 'src/bin/baltra.ts',
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
execFileSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
  {
    stdio: 'inherit',
  },
);
// The pre-migrated PGlite data directory bootstrap() starts from (docs/adr/0024-pglite-snapshot.md).
execFileSync(process.execPath, ['scripts/build-pglite-snapshot.mjs'], { stdio: 'inherit' });
