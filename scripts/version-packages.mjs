// The version step of a release (npm run version-packages):
//   1. the semver gate: the pending changesets must cover the API changes since the last release;
//   2. `changeset version`: consumes .changeset/*.md, bumps package.json, writes CHANGELOG.md;
//   3. refreshes the gate's baseline (etc/api/released/) to the reports of the new version.
// Runs in the current directory, so scripts/release-dry-run.mjs can run it in a temp copy.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshBaseline } from './api-baseline.mjs';

const cwd = process.cwd();
const bin = (name) => join(cwd, 'node_modules', name);
const version = () => JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).version;

// --no-gate is for scripts/release-dry-run.mjs previews only; a real release runs the gate.
if (!process.argv.includes('--no-gate')) {
  execFileSync(process.execPath, [join(import.meta.dirname, 'check-semver-gate.mjs')], {
    cwd,
    stdio: 'inherit',
  });
}
const before = version();
execFileSync(process.execPath, [bin('@changesets/cli/bin.js'), 'version'], {
  cwd,
  stdio: 'inherit',
});
const after = version();
const files = refreshBaseline({ repo: cwd, version: after });
console.log(`version: ${before} → ${after}; etc/api/released/ refreshed (${files.length} reports)`);
