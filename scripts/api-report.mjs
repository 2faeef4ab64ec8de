// Public API report per entry point with API Extractor, run on the tsc declarations in dist/.
//
//   node scripts/api-report.mjs --check   (npm run api:check)  fail when etc/api/*.api.md is stale
//   node scripts/api-report.mjs --update  (npm run api:update) rewrite etc/api/*.api.md
//
// The entry points come from package.json `exports` (every subpath with a `types` condition), so
// a new subpath gets a report without touching this file. The configs are built in memory
// (one per entry) instead of a dozen api-extractor.json files. Each run also writes the doc
// models (.tmp/api/model/<entry>.api.json) that scripts/api-docs.mjs turns into docs/api/.
// Needs a fresh `npm run build` (it reads dist/**/*.d.ts, never src/).
// See docs/adr/0017-api-report-and-semver-gate.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportFolder = join(root, 'etc/api');
const tempFolder = join(root, '.tmp/api/report');
const modelFolder = join(root, '.tmp/api/model');
/** Where the declarations are; API_REPORT_DIST points elsewhere (e.g. a tsc-only emit). */
const distDir = process.env.API_REPORT_DIST ?? 'dist';

/** Messages about the source (not about the tooling) are reported, never fatal: code in progress
 * must not break the report; the report file records them next to the declaration. */
const messageRules = {
  compilerMessageReporting: { default: { logLevel: 'warning' } },
  extractorMessageReporting: {
    default: { logLevel: 'warning', addToApiReportFile: true },
    // We do not use @public/@beta release tags: every export of an entry point is public.
    'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
    // Missing JSDoc is a docs concern, not an API change: keep it out of the reports.
    'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
  },
  tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
};

/** `.` → `index`, `./step-functions` → `step-functions`. */
export function entryName(subpath) {
  return subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replaceAll('/', '-');
}

/** The public entry points: every `exports` subpath that declares types. */
export function entryPoints(packageJson = readPackageJson()) {
  return Object.entries(packageJson.exports ?? {})
    .filter(([, target]) => typeof target === 'object' && target !== null && target.types)
    .map(([subpath, target]) => ({
      subpath,
      name: entryName(subpath),
      specifier: subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`,
      types: target.types.replace(/^\.\//, '').replace(/^dist\//, `${distDir}/`),
    }));
}

function readPackageJson() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
}

function configFor(entry, packageJson) {
  const entryFile = join(root, entry.types);
  return ExtractorConfig.prepare({
    configObjectFullPath: join(root, `.tmp/api/${entry.name}.api-extractor.json`),
    packageJsonFullPath: join(root, 'package.json'),
    packageJson,
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entryFile,
      bundledPackages: [],
      compiler: {
        // The declarations are checked the way a NodeNext consumer sees them.
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2023',
            lib: ['ES2023'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
          files: [entryFile],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.name,
        reportFolder,
        reportTempFolder: tempFolder,
        // Referenced-but-unexported types are part of the surface a change can break.
        includeForgottenExports: true,
      },
      docModel: {
        enabled: true,
        apiJsonFilePath: join(modelFolder, `${entry.name}.api.json`),
        includeForgottenExports: true,
      },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: messageRules,
      newlineKind: 'lf',
    },
  });
}

function diffOf(expected, actual) {
  const result = spawnSync('diff', ['-u', expected, actual], { encoding: 'utf8' });
  const lines = (result.stdout || '').split('\n');
  const shown = lines.slice(0, 60).join('\n');
  return lines.length > 60 ? `${shown}\n… (${lines.length - 60} more diff lines)` : shown;
}

export function runReports({ mode, only = [] }) {
  const packageJson = readPackageJson();
  const entries = entryPoints(packageJson).filter(
    (e) => only.length === 0 || only.includes(e.name),
  );
  mkdirSync(tempFolder, { recursive: true });
  mkdirSync(modelFolder, { recursive: true });
  const problems = [];
  const changed = [];
  for (const entry of entries) {
    const label = `${entry.specifier} (etc/api/${entry.name}.api.md)`;
    if (!existsSync(join(root, entry.types))) {
      problems.push(`${label}: ${entry.types} not found; run \`npm run build\` first`);
      continue;
    }
    const messages = [];
    const result = Extractor.invoke(configFor(entry, packageJson), {
      localBuild: mode === 'update',
      showVerboseMessages: false,
      messageCallback: (message) => {
        message.handled = true;
        if (message.logLevel === 'none' || message.logLevel === 'verbose') return;
        if (message.logLevel === 'info' && !message.messageId.startsWith('console-')) return;
        if (message.messageId.startsWith('console-')) return;
        const where = message.sourceFilePath
          ? `${relative(root, message.sourceFilePath)}:${message.sourceFileLine} `
          : '';
        messages.push(`  ${message.logLevel} ${message.messageId}: ${where}${message.text}`);
      },
    });
    const reportPath = join(reportFolder, `${entry.name}.api.md`);
    const tempPath = join(tempFolder, `${entry.name}.api.md`);
    let status;
    if (!result.succeeded && result.errorCount > 0) {
      status = `FAILED (${result.errorCount} errors)`;
      problems.push(`${label}: API Extractor reported ${result.errorCount} error(s)`);
    } else if (result.apiReportChanged && mode === 'check') {
      status = existsSync(reportPath) ? 'CHANGED' : 'MISSING';
      changed.push({ entry, label, reportPath, tempPath });
    } else {
      status = result.apiReportChanged ? 'updated' : 'up to date';
    }
    console.log(`${entry.specifier.padEnd(28)} ${status}`);
    for (const line of messages) console.log(line);
  }
  // A report whose entry point disappeared is stale too.
  const known = new Set(entryPoints(packageJson).map((e) => `${e.name}.api.md`));
  for (const file of readdirSync(reportFolder, { withFileTypes: true })) {
    if (!file.isFile() || !file.name.endsWith('.api.md') || known.has(file.name)) continue;
    if (mode === 'update' && only.length === 0) {
      rmSync(join(reportFolder, file.name));
      console.log(`etc/api/${file.name}: removed (no such entry point)`);
    } else if (mode === 'check') {
      problems.push(`etc/api/${file.name}: no entry point in package.json exports has this name`);
    }
  }
  for (const { label, reportPath, tempPath } of changed) {
    console.error(`\nThe public API of ${label} changed:`);
    console.error(
      existsSync(reportPath) ? diffOf(reportPath, tempPath) : '  (no committed report yet)',
    );
  }
  if (changed.length > 0) {
    problems.push(
      `API report out of date for: ${changed.map((c) => c.entry.specifier).join(', ')}.\n` +
        'If the change is intended, run `npm run build && npm run api:update`, commit etc/api/, ' +
        'and add a changeset (`npm run changeset`; a removal or incompatible change needs major).',
    );
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      entry: { type: 'string', multiple: true, default: [] },
    },
  });
  if (values.check === values.update) {
    console.error('usage: node scripts/api-report.mjs --check | --update [--entry <name>]…');
    process.exit(2);
  }
  const problems = runReports({ mode: values.update ? 'update' : 'check', only: values.entry });
  if (problems.length > 0) {
    console.error(`\napi report: ${problems.length} problem(s)`);
    for (const problem of problems) console.error(`- ${problem}`);
    process.exit(1);
  }
  console.log(
    values.update ? '\nAPI reports written to etc/api/.' : '\nAPI reports are up to date.',
  );
}
