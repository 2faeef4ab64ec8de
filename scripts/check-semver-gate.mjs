// Semver gate: compares the API reports of the working tree (etc/api/*.api.md) with the reports of
// the last release (etc/api/released/*.api.md, refreshed by `npm run version-packages`) and
// checks the pending changesets (.changeset/*.md) against what changed:
//   - any change to the public API needs at least one pending changeset for the package;
//   - a removal, or a change the gate cannot prove compatible, needs a `major` changeset;
//   - additions (new exports, new entry points, new class members, new optional interface
//     members) need a minor or patch changeset.
// Comments in the reports (release tags, "(undocumented)", API Extractor warnings) are ignored.
// A changeset can accept a change the gate classes as breaking with a body line
// `api-compatible: <entry>#<Name>` (for example `api-compatible: index#FunnelBuckets`), or
// `api-compatible: <Name>` for that declaration in every entry point.
// See docs/adr/0017-api-report-and-semver-gate.md.
//
//   node scripts/check-semver-gate.mjs [--reports etc/api] [--baseline etc/api/released]
//                                      [--changesets .changeset] [--package-json package.json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BUMPS = ['none', 'patch', 'minor', 'major'];

const DECLARATION =
  /^(export\s+)?(?:declare\s+)?(?:default\s+)?(abstract\s+)?(?:async\s+)?(const|let|var|class|interface|type|function|enum|namespace|module)\s+([A-Za-z_$][\w$]*)/;

/**
 * Parses the ```ts block of an API Extractor report into its top-level declarations.
 * @returns {Map<string, {name: string, kind: string, exported: boolean, lines: string[], comments: string[]}>}
 */
export function parseReport(text) {
  const start = text.indexOf('```ts');
  const end = text.lastIndexOf('```');
  const body = start === -1 ? text : text.slice(start + 5, end > start ? end : undefined);
  const declarations = new Map();
  let current = null;
  let pendingComments = [];
  const add = (name, kind, exported) => {
    const existing = declarations.get(name);
    if (existing) {
      // Overloads and declaration merging: one entry per name.
      existing.exported ||= exported;
      if (!existing.kind.split('+').includes(kind)) existing.kind += `+${kind}`;
      current = existing;
    } else {
      current = { name, kind, exported, lines: [], comments: [] };
      declarations.set(name, current);
    }
    current.comments.push(...pendingComments);
    pendingComments = [];
  };
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') continue;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('//')) {
      // Top-level comments annotate the next declaration; nested ones the current one.
      if (line === trimmed) pendingComments.push(trimmed);
      else current?.comments.push(trimmed);
      continue;
    }
    if (line === trimmed && line.startsWith('import ')) continue;
    if (line === trimmed) {
      const reexport = /^export\s+(type\s+)?\{([^}]*)\}(?:\s+from\s+['"]([^'"]+)['"])?/.exec(line);
      if (reexport) {
        for (const part of reexport[2].split(',')) {
          const names = part.trim().split(/\s+as\s+/);
          const exportedName = (names[1] ?? names[0]).trim();
          if (!exportedName) continue;
          add(exportedName, 're-export', true);
          current.lines.push(
            `export { ${part.trim()} }${reexport[3] ? ` from '${reexport[3]}'` : ''}`,
          );
        }
        current = null;
        continue;
      }
      const star = /^export\s+\*(?:\s+as\s+(\w+))?\s+from\s+['"]([^'"]+)['"]/.exec(line);
      if (star) {
        add(star[1] ?? `* from ${star[2]}`, 're-export', true);
        current.lines.push(line);
        current = null;
        continue;
      }
      const declaration = DECLARATION.exec(line);
      if (declaration) {
        add(declaration[4], declaration[3], Boolean(declaration[1]));
        current.lines.push(line);
        continue;
      }
    }
    // Continuation of the current declaration (members, closing braces, wrapped types).
    if (current) current.lines.push(line);
  }
  return declarations;
}

/** Is `small` a subsequence of `big`? Returns the lines of `big` that are not in it, or null. */
function addedLines(small, big) {
  const added = [];
  let i = 0;
  for (const line of big) {
    if (i < small.length && small[i] === line) i++;
    else added.push(line);
  }
  return i === small.length ? added : null;
}

const OPTIONAL_MEMBER = /^\s+(?:readonly\s+)?(?:[\w$]+|'[^']*'|"[^"]*"|\[[^\]]+\])\?\s*[:(<]/;

/**
 * Classifies one declaration that exists in both reports.
 * @returns {'same' | 'docs' | 'compatible' | 'breaking'}
 */
export function classifyChange(before, after) {
  if (before.exported && !after.exported) return 'breaking';
  // Exporting a declaration that was not exported changes no signature.
  const unexported = (lines) => lines.map((line) => line.replace(/^export\s+/, ''));
  const same = unexported(before.lines).join('\n') === unexported(after.lines).join('\n');
  if (same) {
    if (!before.exported && after.exported) return 'compatible';
    return before.comments.filter(isDocComment).join('\n') ===
      after.comments.filter(isDocComment).join('\n')
      ? 'same'
      : 'docs';
  }
  if (before.kind !== after.kind) return 'breaking';
  // A signature that only gained trailing optional parameters counts as unchanged.
  const fresh = after.lines.filter((line) => !before.lines.includes(line));
  const oldLines = before.lines.map((line) => {
    if (after.lines.includes(line)) return line;
    return fresh.find((candidate) => extendsSignature(line, candidate)) ?? line;
  });
  const added = addedLines(oldLines, after.lines);
  if (added === null) return 'breaking';
  const kinds = after.kind.split('+');
  if (kinds.every((kind) => kind === 'class' || kind === 'enum' || kind === 'namespace')) {
    return added.some((line) => /^\s+abstract\s/.test(line)) ? 'breaking' : 'compatible';
  }
  if (kinds.every((kind) => kind === 'interface')) {
    // Consumers implement interfaces (ports, options): only optional members are safe to add.
    return added.every((line) => OPTIONAL_MEMBER.test(line)) ? 'compatible' : 'breaking';
  }
  if (kinds.every((kind) => kind === 'function')) {
    // A new overload whose previous signatures are unchanged.
    return added.every((line) => /^export\s+(declare\s+)?function\s/.test(line) || /^\s/.test(line))
      ? 'compatible'
      : 'breaking';
  }
  return 'breaking';
}

/** Is `after` the signature `before` with optional (or rest) parameters appended? */
export function extendsSignature(before, after) {
  if (!before.includes('(') || after.length <= before.length) return false;
  let p = 0;
  while (p < before.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && before[before.length - 1 - s] === after[after.length - 1 - s])
    s++;
  const suffix = before.slice(before.length - s);
  let inserted = after.slice(p, after.length - s);
  if (!suffix.startsWith(')')) return false;
  if (inserted.startsWith(',')) inserted = inserted.slice(1);
  else if (!before.slice(0, p).endsWith('(')) return false;
  return splitTopLevel(inserted).every((param) =>
    /^\s*(?:[\w$]+\?\s*:|\.\.\.[\w$]+\s*:)/.test(param),
  );
}

function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('<([{'.includes(char)) depth++;
    else if ('>)]}'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** Release tags, "(undocumented)" and tool warnings are not API; @deprecated and friends are. */
function isDocComment(comment) {
  return (
    !/^\/\/\s*(Warning:|Warnings were|\(No @packageDocumentation|@public|@beta|@alpha|@internal|\(undocumented\)|$)/.test(
      comment,
    ) || /@deprecated/.test(comment)
  );
}

function readReports(dir) {
  const reports = new Map();
  if (!existsSync(dir)) return reports;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.api.md')) continue;
    reports.set(
      file.slice(0, -'.api.md'.length),
      parseReport(readFileSync(join(dir, file), 'utf8')),
    );
  }
  return reports;
}

/** Compares two sets of reports, entry by entry. */
export function compareReports(baseline, current) {
  const entries = [];
  for (const name of new Set([...baseline.keys(), ...current.keys()])) {
    const before = baseline.get(name) ?? new Map();
    const after = current.get(name);
    const changes = [];
    if (!after) {
      changes.push({ kind: 'removed', name: '(entry point)', detail: 'the entry point is gone' });
      entries.push({ name, changes, entryRemoved: true });
      continue;
    }
    for (const [declName, decl] of before) {
      if (!decl.exported) continue;
      const now = after.get(declName);
      if (!now?.exported) changes.push({ kind: 'removed', name: declName, decl });
    }
    for (const [declName, decl] of after) {
      const was = before.get(declName);
      if (!was) {
        // A referenced type that is not exported is still part of the surface, reported as added.
        changes.push({ kind: 'added', name: declName, decl });
        continue;
      }
      if (was.exported && !decl.exported) continue; // reported as removed above
      const verdict = classifyChange(was, decl);
      if (verdict !== 'same') changes.push({ kind: verdict, name: declName, decl, was });
    }
    entries.push({ name, changes, entryAdded: !baseline.has(name) });
  }
  return entries.filter((entry) => entry.changes.length > 0);
}

/** Pending changesets: the bump each asks for the package, and api-compatible acceptances. */
export function readChangesets(dir, packageName) {
  const changesets = [];
  if (!existsSync(dir)) return changesets;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.md') || file.toLowerCase() === 'readme.md') continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    if (!match) continue;
    let bump = 'none';
    for (const line of match[1].split('\n')) {
      const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (entry && entry[1] === packageName) bump = entry[2];
    }
    // `api-compatible: <entry>#<Name>`, or `api-compatible: <Name>` for every entry point.
    const accepted = [...match[2].matchAll(/^api-compatible:\s*(?:(\S+)#)?(\S+)\s*$/gm)].map(
      (m) => `${m[1] ?? '*'}#${m[2]}`,
    );
    changesets.push({ file, bump, accepted });
  }
  return changesets;
}

const maxBump = (bumps) =>
  bumps.reduce((a, b) => (BUMPS.indexOf(b) > BUMPS.indexOf(a) ? b : a), 'none');

/** Runs the gate. Returns { ok, lines } so tests can assert on the exact output. */
export function runGate({ reports, baseline, changesets, packageName }) {
  const lines = [];
  const log = (line = '') => lines.push(line);
  const baselineInfo = existsSync(join(baseline, 'baseline.json'))
    ? JSON.parse(readFileSync(join(baseline, 'baseline.json'), 'utf8'))
    : null;
  if (!existsSync(baseline)) {
    log(`semver gate: FAIL — no baseline at ${baseline} (run scripts/version-packages.mjs)`);
    return { ok: false, lines };
  }
  const pending = readChangesets(changesets, packageName).filter((c) => c.bump !== 'none');
  const accepted = new Set(pending.flatMap((c) => c.accepted));
  const entries = compareReports(readReports(baseline), readReports(reports));
  log(
    `semver gate: ${reports} vs ${baseline} (released ${packageName}@${baselineInfo?.version ?? '?'})`,
  );
  let breaking = 0;
  let changed = 0;
  for (const entry of entries) {
    const counts = {};
    for (const change of entry.changes) {
      const acceptedHere =
        accepted.has(`${entry.name}#${change.name}`) || accepted.has(`*#${change.name}`);
      if (change.kind === 'breaking' && acceptedHere) {
        change.kind = 'compatible';
        change.accepted = true;
      }
      counts[change.kind] = (counts[change.kind] ?? 0) + 1;
    }
    const summary = Object.entries(counts)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    const label = entry.entryAdded ? ' (new entry point)' : entry.entryRemoved ? ' (removed)' : '';
    log(`  ${entry.name}${label}: ${summary}`);
    for (const change of entry.changes) {
      changed++;
      if (change.kind === 'removed' || change.kind === 'breaking') breaking++;
      const kind = change.decl
        ? ` (${change.decl.exported ? '' : 'unexported '}${change.decl.kind})`
        : '';
      const note = change.accepted ? ' — accepted as compatible by a changeset' : '';
      log(`    ${change.kind.padEnd(10)} ${change.name}${kind}${note}`);
      if (change.kind === 'breaking' && change.was) {
        for (const line of change.was.lines
          .filter((l) => !change.decl.lines.includes(l))
          .slice(0, 4))
          log(`      - ${line.trim()}`);
        for (const line of change.decl.lines
          .filter((l) => !change.was.lines.includes(l))
          .slice(0, 4))
          log(`      + ${line.trim()}`);
      }
    }
  }
  const bump = maxBump(pending.map((c) => c.bump));
  const required = breaking > 0 ? 'major' : changed > 0 ? 'patch' : 'none';
  log(
    `  pending changesets for ${packageName}: ${
      pending.length === 0
        ? 'none'
        : `${bump} (${pending.map((c) => `${c.file}: ${c.bump}`).join(', ')})`
    }`,
  );
  if (changed === 0) {
    log('semver gate: OK — the public API is unchanged since the last release');
    return { ok: true, lines };
  }
  if (pending.length === 0) {
    log(
      `semver gate: FAIL — the public API changed (${changed} declaration(s)) but there is no pending changeset for ${packageName}; run \`npm run changeset\``,
    );
    return { ok: false, lines };
  }
  if (BUMPS.indexOf(bump) < BUMPS.indexOf(required)) {
    log(
      `semver gate: FAIL — ${breaking} breaking change(s) (removed or incompatible) need a major changeset for ${packageName}, the pending changesets only bump ${bump}`,
    );
    return { ok: false, lines };
  }
  log(
    `semver gate: OK — ${changed} change(s), ${breaking} breaking; pending bump ${bump} covers the required ${required}`,
  );
  return { ok: true, lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: 'etc/api' },
      baseline: { type: 'string', default: 'etc/api/released' },
      changesets: { type: 'string', default: '.changeset' },
      'package-json': { type: 'string', default: 'package.json' },
    },
  });
  const packageName = JSON.parse(readFileSync(resolve(values['package-json']), 'utf8')).name;
  const { ok, lines } = runGate({
    reports: values.reports,
    baseline: values.baseline,
    changesets: values.changesets,
    packageName,
  });
  for (const line of lines) (ok ? console.log : console.error)(line);
  process.exit(ok ? 0 : 1);
}
