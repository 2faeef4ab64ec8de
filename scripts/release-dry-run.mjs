// npm run release:dry-run — runs the version step (scripts/version-packages.mjs: semver gate,
// `changeset version`, baseline refresh) in a temporary copy of the repository and prints the
// computed bump and the head of the CHANGELOG it would write. The working tree is not touched.
// `--no-gate` previews the bump even while the semver gate fails (it says so).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const copy = mkdtempSync(join(tmpdir(), 'baltra-release-dry-run-'));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

try {
  // What the version step reads and writes; nothing else of the repo is needed.
  for (const path of ['package.json', '.changeset', 'etc/api', 'scripts', 'CHANGELOG.md']) {
    if (existsSync(join(root, path)))
      cpSync(join(root, path), join(copy, path), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const pending = listChangesets(root);

  const noGate = process.argv.includes('--no-gate');
  try {
    execFileSync(
      process.execPath,
      ['scripts/version-packages.mjs', ...(noGate ? ['--no-gate'] : [])],
      { cwd: copy, stdio: 'inherit' },
    );
  } catch {
    console.error(
      '\nrelease dry run: the version step failed (output above); a real `npm run version-packages` would stop there too.' +
        '\nTo preview the bump anyway: npm run release:dry-run -- --no-gate',
    );
    process.exit(1);
  }
  if (noGate) console.log('\n(semver gate skipped with --no-gate)');

  const before = readJson(join(root, 'package.json'));
  const after = readJson(join(copy, 'package.json'));
  const changelog = readFileSync(join(copy, 'CHANGELOG.md'), 'utf8');
  const head = changelogHead(changelog, after.version);
  const left = listChangesets(copy);
  console.log('\n== release dry run (temporary copy, working tree untouched)');
  console.log(`package:    ${after.name}`);
  console.log(
    `version:    ${before.version} → ${after.version} (${bumpOf(before.version, after.version)})`,
  );
  console.log(
    `changesets: ${pending.length} consumed (${pending.join(', ')}); ${left.length} left`,
  );
  console.log(
    `baseline:   etc/api/released/ → ${readJson(join(copy, 'etc/api/released/baseline.json')).version}`,
  );
  console.log('\n-- CHANGELOG.md (head) --');
  console.log(head);
} finally {
  rmSync(copy, { recursive: true, force: true });
}

function listChangesets(dir) {
  return execFileSync('ls', [join(dir, '.changeset')], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md');
}

function bumpOf(from, to) {
  const [a, b] = [from, to].map((v) => v.split('.').map(Number));
  if (a[0] !== b[0]) return 'major';
  if (a[1] !== b[1]) return 'minor';
  return a[2] !== b[2] ? 'patch' : 'no change';
}

/** The section of the new version, shortened to keep the output readable. */
function changelogHead(text, version) {
  const start = text.indexOf(`## ${version}`);
  const section = start === -1 ? text : text.slice(start);
  const next = section.indexOf('\n## ', 3);
  const lines = (next === -1 ? section : section.slice(0, next)).trimEnd().split('\n');
  const shorten = (line) => (line.length > 160 ? `${line.slice(0, 157)}…` : line);
  const top = text.slice(0, start === -1 ? 0 : start).trimEnd();
  const shown = lines.slice(0, 40).map(shorten);
  if (lines.length > 40) shown.push('…');
  return [top, '', ...shown].join('\n');
}
