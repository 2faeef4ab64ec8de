// npm run docs:api — the API reference in Markdown (docs/api/), generated with API Documenter from
// the doc models that scripts/api-report.mjs writes to .tmp/api/model/ (run `npm run api:check`
// or `api:update` first). Generated, not committed: see docs/api/README.md.
//
// API Documenter wants one npm package per model and all our entry points belong to the same
// package, so each model is renamed to a valid stand-in (`@baltra/sdk-container`) for the run and
// the pages are rewritten afterwards to show the real import specifier (`@baltra/sdk/container`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryPoints } from './api-report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const models = join(root, '.tmp/api/model');
const input = join(root, '.tmp/api/documenter-input');
const output = join(root, 'docs/api');

const entries = entryPoints();
const missing = entries.filter((e) => !existsSync(join(models, `${e.name}.api.json`)));
if (missing.length > 0) {
  console.error(
    `docs:api: no doc model for ${missing.map((e) => e.specifier).join(', ')}; ` +
      'run `npm run build && npm run api:check` first',
  );
  process.exit(1);
}

rmSync(input, { recursive: true, force: true });
mkdirSync(input, { recursive: true });
const standIns = new Map();
for (const entry of entries) {
  const model = JSON.parse(readFileSync(join(models, `${entry.name}.api.json`), 'utf8'));
  const standIn = entry.name === 'index' ? model.name : `${model.name}-${entry.name}`;
  standIns.set(standIn, entry.specifier);
  model.name = standIn;
  writeFileSync(join(input, `${entry.name}.api.json`), JSON.stringify(model));
}

// Keep the hand-written README.md (and .gitignore); regenerate everything else.
mkdirSync(output, { recursive: true });
for (const file of readdirSync(output)) {
  if (file.endsWith('.md') && file !== 'README.md') rmSync(join(output, file));
}
const scratch = join(root, '.tmp/api/documenter-output');
rmSync(scratch, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@microsoft/api-documenter/bin/api-documenter'),
    'markdown',
    '-i',
    input,
    '-o',
    scratch,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);

// Longest stand-in first, so `@baltra/sdk-step-functions` is not read as `@baltra/sdk`.
const replacements = [...standIns.entries()]
  .filter(([standIn, specifier]) => standIn !== specifier)
  .sort((a, b) => b[0].length - a[0].length);
const unscoped = (name) => name.replace(/^@[^/]+\//, '');
let pages = 0;
for (const file of readdirSync(scratch)) {
  let text = readFileSync(join(scratch, file), 'utf8');
  for (const [standIn, specifier] of replacements) {
    text = text
      .replaceAll(`${unscoped(standIn)} package`, `${specifier} entry point`)
      .replaceAll(`[${standIn}]`, `[${specifier}]`)
      .replaceAll(`[${unscoped(standIn)}]`, `[${specifier}]`);
  }
  text = text
    .replaceAll('## sdk package', '## @baltra/sdk entry point')
    .replace('## API Reference', '## @baltra/sdk API reference')
    .replace('## Packages', '## Entry points');
  writeFileSync(join(output, file), text);
  pages++;
}
console.log(
  `docs/api/: ${pages} pages for ${entries.length} entry points (start at docs/api/index.md)`,
);
