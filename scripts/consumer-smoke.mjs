// Consumer smoke test of the packed package (run by .ci/run, not by vitest):
//   1. `npm pack` (or --tarball <file>); the tarball must hold CHANGELOG.md and README.md, and
//      every source map (.js.map, .d.ts.map) must point at files inside it, 2. a fresh
//      temporary project outside the repository
//   installs the tarball with npm (plus @types/node, and the optional peer @electric-sql/pglite),
//   3. an ESM TypeScript consumer (test/consumer/esm, module NodeNext) is compiled with tsc, and
//   4. it and a CommonJS consumer (test/consumer/cjs, `require('@baltra/sdk')`) run on every
//      Node binary given with --node (default: this one), and
//   5. the optional extras, on every Node given: in a project of its own, that Node's npm
//      installs the tarball with --engine-strict; each extra used without its peer must throw
//      MissingPeerDependencyError naming the package and its install command; each peer is
//      then installed at the range package.json declares, with --engine-strict (so a
//      dependency that wants a newer Node fails, EBADENGINE), and each extra must use it
//      (test/house/fixtures/check-extras.mjs). Prints the extra × Node matrix.
//   6. declarations that stand alone (docs/adr/0026), on the first Node 20 given (else the
//      first Node): in that extras project, tsc compiles the strict consumer of
//      test/consumer/types (skipLibCheck: false) against every entry once before any peer is
//      installed — only the entries test/consumer/types/declaration-peers.json lets name a peer
//      may fail, and only on that peer — and twice after every peer (and @types/pg,
//      @types/express) is installed: the same project without a single error (peers'
//      declarations included: only the SDK's can have loaded them), and with the file that uses
//      the peers directly, where the peers' own objects must fit the SDK's types (errors inside
//      a peer's own declarations are listed apart there: PGlite's need the DOM lib, ioredis'
//      name the untyped redis-errors).
//
//   node scripts/consumer-smoke.mjs [--tarball file.tgz] [--node /path/to/node]… [--keep]
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkConsumerTypes } from './check-consumer-types.mjs';

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

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Which optional peers each entry's declarations may name (docs/adr/0026). */
const declarationPeers = JSON.parse(
  readFileSync(join(root, 'test/consumer/types/declaration-peers.json'), 'utf8'),
);

/**
 * The extras the smoke test installs, each with its optional peer (at the range package.json
 * declares) and the name test/house/fixtures/check-extras.mjs knows it by. `minNode`: the
 * extra's peer cannot be installed on an older Node as declared; below it the smoke test
 * installs it with the workaround docs/guides/optional-extras.md documents.
 */
const EXTRAS = [
  { name: 'postgres', peer: 'pg' },
  { name: 'postgres-copy', peer: 'pg-copy-streams' },
  { name: 'pglite', peer: '@electric-sql/pglite' },
  { name: 'sqs', peer: '@aws-sdk/client-sqs' },
  { name: 'redis', peer: 'ioredis' },
  { name: 'prometheus', peer: 'prom-client' },
  { name: 'ai', peer: 'openai' },
  { name: 'reporting', peer: 'playwright-core' },
  { name: 'reporting-charts', peer: 'vega' },
  { name: 'reporting-vega-lite', peer: 'vega-lite' },
  { name: 'step-functions', peer: '@aws-sdk/client-sfn' },
  { name: 'meta', peer: 'facebook-nodejs-business-sdk' },
  { name: 'opentelemetry', peer: '@opentelemetry/api' },
  { name: 'legacy', peer: '@opentelemetry/api' },
  { name: 'express', peer: 'express' },
  {
    name: 'fastify',
    peer: 'fastify',
    // Every fastify 5 depends on light-my-request ^6, whose 6.8 needs cookie 2 (Node >= 22).
    minNode: 22,
    belowMinNode: { overrides: { 'light-my-request': '~6.6.0' } },
  },
];
const unchecked = Object.keys(manifest.peerDependencies).filter(
  (peer) => !EXTRAS.some((extra) => extra.peer === peer),
);
if (unchecked.length > 0) {
  console.error(`consumer smoke test: no extra checks the peer(s) ${unchecked.join(', ')}`);
  process.exit(1);
}

// The consumer project and, beside it (never below it: Node would find the consumer's
// packages), one project per Node for the extras.
const workspace = mkdtempSync(join(tmpdir(), 'baltra-consumer-'));
const project = join(workspace, 'consumer-project');
mkdirSync(project);
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
  checkTarball(tarball);

  const { devDependencies } = manifest;
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
      `zod@${manifest.dependencies.zod}`,
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

  const matrix = new Map(EXTRAS.map((extra) => [extra.name, []]));
  const typesNode = nodes.find((node) => majorOf(node) === 20) ?? nodes[0];
  const typeChecks = [];
  for (const node of nodes) {
    const types = node === typesNode ? typeChecks : undefined;
    for (const [name, result] of checkExtras(node, tarball, types)) matrix.get(name).push(result);
  }
  const majors = nodes.map((node) => `node ${majorOf(node)}`);
  console.log(`\noptional extras, peer at its declared range, npm install --engine-strict:`);
  console.log(['extra (peer@range)'.padEnd(56), ...majors.map((m) => m.padEnd(12))].join(''));
  for (const extra of EXTRAS) {
    const label = `${extra.name} (${extra.peer}@${manifest.peerDependencies[extra.peer]})`;
    console.log([label.padEnd(56), ...matrix.get(extra.name).map((r) => r.padEnd(12))].join(''));
  }
  console.log(
    "ok* = installed with the workaround documented for a Node below the extra's minimum",
  );
  const failures = [...matrix.values()].flat().filter((result) => result.startsWith('FAIL'));
  console.log(`\ndeclarations (tsc, strict, skipLibCheck: false) on node ${majorOf(typesNode)}:`);
  for (const { label, allowed, inPeers, problems, seconds } of typeChecks) {
    const verdict = problems.length === 0 ? 'ok' : `FAIL (${problems.length} error(s))`;
    const own = allowed.length === 0 ? '' : `; ${allowed.length} on an entry's own peer`;
    const peers = inPeers.length === 0 ? '' : `; ${inPeers.length} in peers' own declarations`;
    console.log(`  ${label.padEnd(42)}${verdict}${own}${peers} (${seconds.toFixed(1)} s)`);
    for (const problem of problems.slice(0, 30)) console.log(`    ${problem}`);
    const owners = new Set(
      inPeers.map((line) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(line)?.[1]),
    );
    if (owners.size > 0)
      console.log(`    (peers' own declarations fail in: ${[...owners].join(', ')})`);
  }
  const typeFailures = typeChecks.filter(({ problems }) => problems.length > 0).length;
  if (typeChecks.length !== 3) console.log('  FAIL: the declaration checks did not run');
  if (failures.length > 0) throw new Error(`${failures.length} extra × Node check(s) failed`);
  if (typeFailures > 0 || typeChecks.length !== 3) {
    throw new Error('the declarations do not type-check in a strict consumer project');
  }
  console.log(`optional extras passed on ${nodes.length} Node version(s) in ${elapsed()}`);
} catch (error) {
  // The failing command already printed its stderr; say which step failed and stop.
  console.error(`consumer smoke test FAILED: ${error.message.split('\n')[0]}`);
  if (error.stdout) console.error(error.stdout);
  process.exitCode = 1;
} finally {
  if (values.keep) console.log(`kept ${workspace}`);
  else rmSync(workspace, { recursive: true, force: true });
}

function majorOf(node) {
  return Number(/^v(\d+)/.exec(run(node, ['--version']).trim())?.[1]);
}

/** The npm CLI script, to run it with each Node of the matrix. */
function npmCli() {
  if (process.env.npm_execpath?.endsWith('.js')) return process.env.npm_execpath;
  const onPath = run('sh', ['-c', 'command -v npm']).trim();
  return realpathSync(onPath);
}

/**
 * Step 5 on one Node: a project of its own installs the tarball with that Node's npm, checks
 * every extra without its peer, installs each peer with --engine-strict and checks every extra
 * with it. Returns the result per extra: `ok`, `ok*` (installed with the documented
 * workaround below the extra's minimum Node), or `FAIL …`. Given `typeChecks`, also step 6:
 * its two tsc runs are pushed there.
 */
function checkExtras(node, tarball, typeChecks) {
  const major = majorOf(node);
  const dir = join(workspace, `extras-node${major}`);
  mkdirSync(dir);
  const workarounds = EXTRAS.filter(
    (extra) => extra.minNode !== undefined && major < extra.minNode,
  );
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `baltra-extras-node${major}`,
        private: true,
        version: '1.0.0',
        ...Object.assign({}, ...workarounds.map((extra) => extra.belowMinNode)),
      },
      null,
      2,
    )}\n`,
  );
  cpSync(join(root, 'test/house/fixtures/check-extras.mjs'), join(dir, 'check-extras.mjs'));
  // Lifecycle scripts of the packages run on the same Node as npm.
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  const npm = (...args) =>
    run(
      node,
      [
        npmCli(),
        ...args,
        '--engine-strict',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
      ],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  const check = (mode, names) => {
    try {
      process.stdout.write(run(node, ['check-extras.mjs', mode, ...names], { cwd: dir, env }));
      return new Set();
    } catch (error) {
      process.stdout.write(error.stdout ?? '');
      return new Set(
        [...(error.stdout ?? '').matchAll(/^ {2}FAIL (\S+):/gm)].map((match) => match[1]),
      );
    }
  };
  const names = EXTRAS.map((extra) => extra.name);
  console.log(`\n-- extras on node ${major}: install the tarball (--engine-strict)`);
  const typesFor = (...names) =>
    typeChecks === undefined
      ? []
      : names.map((name) => `${name}@${manifest.devDependencies[name]}`);
  const checkTypes = (label, tsconfig, peersMustCompile = false) => {
    const result = checkConsumerTypes({
      peersMustCompile,
      node,
      tsc: join(project, 'node_modules/typescript/bin/tsc'),
      cwd: dir,
      tsconfig: join(dir, 'types', tsconfig),
      peers: Object.keys(manifest.peerDependencies),
      mayName: declarationPeers.mayName,
      exportsMap: manifest.exports,
    });
    typeChecks.push({ label, ...result });
    console.log(`-- node ${major}: ${label}: ${result.problems.length} error(s)`);
  };
  try {
    npm('install', tarball, ...typesFor('@types/node'));
  } catch (error) {
    const reason = `FAIL tarball: ${engineProblem(error)}`;
    return names.map((name) => [name, reason]);
  }
  console.log(`-- node ${major}: every extra without its peer`);
  const failedMissing = check('missing', names);
  if (typeChecks !== undefined) {
    cpSync(join(root, 'test/consumer/types'), join(dir, 'types'), { recursive: true });
    checkTypes('every entry, no optional peer installed', 'tsconfig.json');
  }
  const results = new Map();
  for (const peer of new Set(EXTRAS.map((extra) => extra.peer))) {
    const spec = `${peer}@${manifest.peerDependencies[peer]}`;
    try {
      npm('install', spec);
      console.log(`-- node ${major}: npm install --engine-strict ${spec}: ok`);
    } catch (error) {
      const reason = engineProblem(error);
      console.log(`-- node ${major}: npm install --engine-strict ${spec}: FAILED: ${reason}`);
      for (const extra of EXTRAS.filter((e) => e.peer === peer)) {
        results.set(extra.name, `FAIL ${reason.includes('EBADENGINE') ? 'EBADENGINE' : 'install'}`);
      }
    }
  }
  const installed = names.filter((name) => !results.has(name));
  if (typeChecks !== undefined) {
    npm('install', ...typesFor('@types/pg', '@types/express'));
    checkTypes('every entry with every peer, SDK only', 'tsconfig.json', true);
    checkTypes('every entry, using every peer', 'tsconfig.with-peers.json');
  }
  console.log(`-- node ${major}: every extra with its peer`);
  const failedPresent = check('present', installed);
  for (const extra of EXTRAS) {
    if (results.has(extra.name)) continue;
    if (failedMissing.has(extra.name)) results.set(extra.name, 'FAIL missing');
    else if (failedPresent.has(extra.name)) results.set(extra.name, 'FAIL use');
    else results.set(extra.name, workarounds.includes(extra) ? 'ok*' : 'ok');
  }
  return [...results];
}

/** The lines of npm's error output that say why an install failed. */
function engineProblem(error) {
  const lines = `${error.stderr ?? ''}`.split('\n');
  const notsup = lines.filter((line) => /EBADENGINE|notsup/.test(line));
  return (notsup.length > 0 ? ['EBADENGINE', ...notsup.slice(1, 3)] : lines.slice(0, 3))
    .map((line) => line.replace(/^npm error /, '').trim())
    .join(' | ');
}

/** Step 1's checks of the tarball's contents, on an unpacked copy. */
function checkTarball(file) {
  const unpacked = join(workspace, 'unpacked');
  mkdirSync(unpacked);
  run('tar', ['-xzf', file, '-C', unpacked]);
  const pkg = join(unpacked, 'package');
  const problems = ['CHANGELOG.md', 'README.md']
    .filter((name) => !existsSync(join(pkg, name)))
    .map((name) => `${name} is missing`);
  let maps = 0;
  for (const map of readdirSync(pkg, { recursive: true }).filter((f) => f.endsWith('.map'))) {
    maps += 1;
    const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(join(pkg, map), 'utf8'));
    for (const source of sources) {
      const target = resolve(pkg, dirname(map), sourceRoot, source);
      if (!target.startsWith(`${pkg}/`) || !existsSync(target)) {
        problems.push(`${map} points at ${source}, which is not in the tarball`);
      }
    }
  }
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 20)) console.error(`  ${problem}`);
    throw new Error(`the tarball is incomplete: ${problems.length} problem(s), listed above`);
  }
  console.log(`tarball holds CHANGELOG.md and README.md; ${maps} source maps point inside it`);
}
