// The semver gate's baseline: the API reports of the last release, in etc/api/released/.
//
//   node scripts/api-baseline.mjs --refresh [--version X]
//       copy etc/api/*.api.md into etc/api/released/ (run by scripts/version-packages.mjs
//       right after `changeset version`, so the baseline moves with every release)
//   node scripts/api-baseline.mjs --from-git <ref>
//       rebuild the baseline from the sources at a git commit: exports the tree with
//       `git archive` into a temp dir, emits its declarations with tsc and runs the current
//       scripts/api-report.mjs there. Read-only for the repository. This is how the first
//       baseline was made (the package was never released; see docs/guides/releasing.md).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function copyReports(from, to, meta) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((f) => f.endsWith('.api.md'));
  for (const file of files) copyFileSync(join(from, file), join(to, file));
  writeFileSync(join(to, 'baseline.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return files;
}

export function refreshBaseline({ repo = root, version } = {}) {
  const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const files = copyReports(join(repo, 'etc/api'), join(repo, 'etc/api/released'), {
    version: version ?? packageJson.version,
    source: 'etc/api/*.api.md at the version step (scripts/version-packages.mjs)',
  });
  return files;
}

function fromGit(ref) {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const tree = mkdtempSync(join(tmpdir(), 'baltra-baseline-'));
  try {
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${tree}"`], { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    // Use today's report configuration on the old sources, so the two sets compare like for like.
    cpSync(join(root, 'scripts/api-report.mjs'), join(tree, 'scripts/api-report.mjs'));
    rmSync(join(tree, 'etc/api'), { recursive: true, force: true });
    mkdirSync(join(tree, 'etc/api'), { recursive: true });
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--emitDeclarationOnly',
        '--outDir',
        '.tmp/dts',
      ],
      { cwd: tree, stdio: 'inherit' },
    );
    execFileSync(process.execPath, ['scripts/api-report.mjs', '--update'], {
      cwd: tree,
      stdio: 'inherit',
      env: { ...process.env, API_REPORT_DIST: '.tmp/dts' },
    });
    const version = JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')).version;
    const files = copyReports(join(tree, 'etc/api'), join(root, 'etc/api/released'), {
      version,
      source: `API reports of git commit ${commit} (never published; first baseline made with scripts/api-baseline.mjs --from-git)`,
    });
    console.log(`etc/api/released/: ${files.length} reports of ${commit} (version ${version})`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      refresh: { type: 'boolean', default: false },
      version: { type: 'string' },
      'from-git': { type: 'string' },
    },
  });
  if (values.refresh) {
    const files = refreshBaseline({ version: values.version });
    console.log(`etc/api/released/: baseline refreshed (${files.length} reports)`);
  } else if (values['from-git']) {
    fromGit(values['from-git']);
  } else {
    console.error(
      'usage: node scripts/api-baseline.mjs --refresh [--version X] | --from-git <ref>',
    );
    process.exit(2);
  }
}
