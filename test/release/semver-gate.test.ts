// The semver gate (scripts/check-semver-gate.mjs) run as CI runs it, on temp copies of the
// committed baseline reports: deliberate breaking changes and missing changesets must fail it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const gateScript = join(repo, 'scripts/check-semver-gate.mjs');
const released = join(repo, 'etc/api/released');

interface GateRun {
  readonly status: number | null;
  readonly output: string;
}

describe('semver gate', () => {
  let dir: string;
  let reports: string;
  let baseline: string;
  let changesets: string;

  beforeEach(() => {
    // Prepare: baseline = the committed release baseline; "current" = an identical copy.
    dir = mkdtempSync(join(tmpdir(), 'semver-gate-'));
    baseline = join(dir, 'released');
    reports = join(dir, 'api');
    changesets = join(dir, 'changesets');
    cpSync(released, baseline, { recursive: true });
    cpSync(released, reports, { recursive: true, filter: (src) => !src.endsWith('.json') });
    mkdirSync(changesets);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const gate = (): GateRun => {
    const result = spawnSync(
      process.execPath,
      [
        gateScript,
        '--reports',
        reports,
        '--baseline',
        baseline,
        '--changesets',
        changesets,
        '--package-json',
        join(repo, 'package.json'),
      ],
      { encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const edit = (entry: string, change: (text: string) => string) => {
    const file = join(reports, `${entry}.api.md`);
    const before = readFileSync(file, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
  };
  const changeset = (name: string, bump: string, body = 'A change.') =>
    writeFileSync(join(changesets, `${name}.md`), `---\n"@baltra/sdk": ${bump}\n---\n\n${body}\n`);

  const removeFunnelService = (text: string) =>
    text.replace(/\/\/ @public[^\n]*\nexport class FunnelService \{[\s\S]*?\n\}\n/, '');
  const changeCanMoveStage = (text: string) =>
    text.replace(
      'export function canMoveStage(from: FunnelStage, to: FunnelStage): boolean;',
      'export function canMoveStage(from: FunnelStage, to: FunnelStage, strict: boolean): boolean;',
    );
  const addExport = (text: string) =>
    text.replace(
      /\n```\s*$/,
      '\n// @public\nexport function brandNewHelper(value: string): string;\n\n```\n',
    );

  it('passes when the API is unchanged, with or without changesets', () => {
    const run = gate();

    expect(run.status).toBe(0);
    expect(run.output).toContain('semver gate: OK — the public API is unchanged');
  });

  it('fails on an API change without a pending changeset', () => {
    edit('index', addExport);

    const run = gate();

    expect(run.status).toBe(1);
    expect(run.output).toContain('added      brandNewHelper (function)');
    expect(run.output).toContain('there is no pending changeset for @baltra/sdk');
  });

  it('passes an addition with a minor (or patch) changeset', () => {
    edit('index', addExport);
    changeset('new-helper', 'patch');

    const run = gate();

    expect(run.status).toBe(0);
    expect(run.output).toContain('pending bump patch covers the required patch');
  });

  it('fails when an export is removed and the changesets are only minor', () => {
    edit('index', removeFunnelService);
    changeset('feature', 'minor');

    const run = gate();

    expect(run.status).toBe(1);
    expect(run.output).toContain('removed    FunnelService (class)');
    expect(run.output).toContain('need a major changeset for @baltra/sdk');
  });

  it('fails when a signature changes incompatibly and the changesets are only minor', () => {
    edit('index', changeCanMoveStage);
    changeset('feature', 'minor');

    const run = gate();

    expect(run.status).toBe(1);
    expect(run.output).toContain('breaking   canMoveStage (function)');
    expect(run.output).toContain(
      '- export function canMoveStage(from: FunnelStage, to: FunnelStage): boolean;',
    );
    expect(run.output).toContain('need a major changeset');
  });

  it('passes removals and incompatible changes with a major changeset', () => {
    edit('index', (text) => changeCanMoveStage(removeFunnelService(text)));
    changeset('feature', 'minor');
    changeset('breaking', 'major');

    const run = gate();

    expect(run.status).toBe(0);
    expect(run.output).toContain(
      '2 change(s), 2 breaking; pending bump major covers the required major',
    );
  });

  it('treats a removed entry point as breaking', () => {
    rmSync(join(reports, 'meta.api.md'));
    changeset('feature', 'minor');

    const run = gate();

    expect(run.status).toBe(1);
    expect(run.output).toContain('meta (removed)');
  });

  it('accepts a new optional interface member as compatible and a required one as breaking', () => {
    const addMember = (member: string) => (text: string) =>
      text.replace(/export interface AcquireLockOptions \{\n/, `$&    ${member}\n`);
    edit('index', addMember('readonly label?: string;'));
    changeset('feature', 'minor');
    expect(gate().status).toBe(0);

    edit('index', addMember('readonly owner: string;'));
    const run = gate();

    expect(run.status).toBe(1);
    expect(run.output).toContain('breaking   AcquireLockOptions (interface)');
  });

  it('accepts a new trailing optional parameter as compatible', () => {
    edit('index', (text) =>
      text.replace(
        'export function canMoveStage(from: FunnelStage, to: FunnelStage): boolean;',
        'export function canMoveStage(from: FunnelStage, to: FunnelStage, options?: { strict: boolean }): boolean;',
      ),
    );
    changeset('feature', 'minor');

    const run = gate();

    expect(run.status).toBe(0);
    expect(run.output).toContain('compatible canMoveStage (function)');
  });

  it('lets a changeset accept a change the heuristic calls breaking', () => {
    edit('index', changeCanMoveStage);
    changeset('feature', 'minor', 'Stricter moves.\n\napi-compatible: index#canMoveStage');

    const run = gate();

    expect(run.status).toBe(0);
    expect(run.output).toContain('canMoveStage (function) — accepted as compatible by a changeset');
  });

  it('accepts a declaration in every entry point when the changeset names no entry', () => {
    edit('index', changeCanMoveStage);
    changeset('feature', 'minor', 'Stricter moves.\n\napi-compatible: canMoveStage');

    expect(gate().status).toBe(0);
  });

  it('ignores comment-only differences such as API Extractor warnings', () => {
    edit('index', (text) =>
      text.replace(
        'export function canMoveStage(',
        '// Warning: (ae-forgotten-export) something\nexport function canMoveStage(',
      ),
    );

    expect(gate().status).toBe(0);
  });
});
