// Consumer smoke test of the packed package (run by .ci/run, not by vitest):
//   1. `npm pack` (or --tarball <file>), 2. a fresh temporary project outside the repository
//   installs the tarball with npm (plus @types/node, and the optional peer @electric-sql/pglite),
//   3. an ESM TypeScript consumer (test/consumer/esm, module NodeNext) is compiled with tsc, and
//   4. it and a CommonJS consumer (test/consumer/cjs, `require('@baltra/sdk')`) run on every
//      Node binary given with --node (default: this one).
//
//   node scripts/consumer-smoke.mjs [--tarball file.tgz] [--node /path/to/node]… [--keep]
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    tarball: { type: 'string' },
    node: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
  },
});
const nodes =
  values.node.length > 0
    ? values.node.map((n) => (n.includes('/') ? resolve(n) : n))
    : [process.execPath];
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const run = (command, args, options = {}) =>
  execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });

const project = mkdtempSync(join(tmpdir(), 'baltra-consumer-'));
try {
  let tarball = values.tarball && resolve(values.tarball);
  if (!tarball) {
    const packDir = join(project, 'pack');
    mkdirSync(packDir);
    run('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: root });
    tarball = join(
      packDir,
      readdirSync(packDir).find((f) => f.endsWith('.tgz')),
    );
  }
  console.log(`tarball: ${tarball}`);

  const devDependencies = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  ).devDependencies;
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'baltra-consumer-smoke', private: true, version: '1.0.0' }, null, 2)}\n`,
  );
  // The same versions the repository is built with, so the npm cache usually has them.
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      tarball,
      `typescript@${devDependencies.typescript}`,
      `@types/node@${devDependencies['@types/node']}`,
      `@electric-sql/pglite@${devDependencies['@electric-sql/pglite']}`,
      // Handlers declare their data schemas with zod, so a worker service depends on it.
      `zod@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies.zod}`,
    ],
    { cwd: project },
  );
  console.log(`installed into ${project} (${elapsed()})`);

  cpSync(join(root, 'test/consumer'), join(project, 'consumer'), { recursive: true });
  const esm = join(project, 'consumer/esm');
  run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', esm], {
    stdio: 'inherit',
  });
  console.log(`esm consumer compiled with tsc (NodeNext) (${elapsed()})`);

  for (const node of nodes) {
    process.stdout.write(run(node, [join(esm, 'out/main.mjs')], { cwd: project }));
    process.stdout.write(run(node, [join(project, 'consumer/cjs/main.cjs')], { cwd: project }));
  }
  console.log(`consumer smoke test passed on ${nodes.length} Node version(s) in ${elapsed()}`);
} catch (error) {
  // The failing command already printed its stderr; say which step failed and stop.
  console.error(`consumer smoke test FAILED: ${error.message.split('\n')[0]}`);
  if (error.stdout) console.error(error.stdout);
  process.exitCode = 1;
} finally {
  if (values.keep) console.log(`kept ${project}`);
  else rmSync(project, { recursive: true, force: true });
}
