import { defineSettings } from '../shared/settings/define-settings.js';
import { SettingsError, type SettingsProblem } from '../shared/settings/settings-error.js';
import {
  type EnvVariables,
  SETTINGS_GROUPS,
  type SettingsGroup,
  type SettingsVariable,
  settingsVariables,
} from './settings-catalogue.js';

/** What `baltra settings check` writes to and reads. */
export interface SettingsCheckIo {
  /** Writes one line of normal output. */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics. */
  readonly err: (line: string) => void;
  readonly env: EnvVariables;
}

const MASK = '***';

/**
 * `baltra settings check`: validates the SDK's settings in `io.env` — the core settings always,
 * the Redis settings when a `BALTRA_REDIS_*` variable is set — prints each variable's resolved
 * value (secrets masked, defaults and aliases named) and then every problem at once. Returns
 * the exit code: 0 when every checked group is valid, 1 otherwise.
 *
 * @example
 * ```ts
 * const code = runSettingsCheck({
 *   out: (line) => console.log(line),
 *   err: (line) => console.error(line),
 *   env: process.env,
 * });
 * ```
 */
export function runSettingsCheck(io: SettingsCheckIo): number {
  const problems: SettingsProblem[] = [];
  const known = new Set<string>();
  SETTINGS_GROUPS.forEach((group, index) => {
    if (index > 0) io.out('');
    for (const variable of settingsVariables(group)) {
      known.add(variable.variable);
      for (const alias of variable.aliases) known.add(alias);
    }
    if (!group.checkedWhen(io.env)) {
      io.out(`${group.title}: not checked (${group.skippedBecause})`);
      return;
    }
    const groupProblems = validate(group, io.env);
    problems.push(...groupProblems);
    io.out(`${group.title}:`);
    for (const line of describeGroup(group, io.env, groupProblems)) io.out(`  ${line}`);
  });
  const unknown = Object.keys(io.env)
    .filter((name) => /^BALTRA_/.test(name) && isSet(io.env[name]) && !known.has(name))
    .sort();
  if (unknown.length > 0) {
    io.out('');
    io.out(`Not read by the SDK (a setting of the service, or a typo?): ${unknown.join(', ')}`);
  }
  io.out('');
  if (problems.length === 0) {
    io.out('settings ok');
    return 0;
  }
  io.err(`baltra: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the settings:`);
  for (const problem of problems) io.err(`  ${problem.variable}: ${problem.message}`);
  return 1;
}

/** The group's problems as `defineSettings` reports them (secret-safe), or none. */
function validate(group: SettingsGroup, env: EnvVariables): readonly SettingsProblem[] {
  try {
    const { prefix, schema, secrets, aliases } = group;
    defineSettings({ prefix, schema, secrets, aliases, env }).get();
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

function describeGroup(
  group: SettingsGroup,
  env: EnvVariables,
  problems: readonly SettingsProblem[],
): string[] {
  const invalid = new Set(problems.map((problem) => problem.variable));
  const variables = settingsVariables(group);
  const width = Math.max(...variables.map((variable) => variable.variable.length));
  return variables.map((variable) => {
    const source = [variable.variable, ...variable.aliases].find((name) => isSet(env[name]));
    const raw = source === undefined ? undefined : env[source];
    const field = group.schema.shape[variable.key] as {
      safeParse(value: unknown): { success: boolean; data?: unknown };
    };
    const parsed = field.safeParse(raw);
    const from = source !== undefined && source !== variable.variable ? ` (from ${source})` : '';
    let shown: string;
    if (source !== undefined && invalid.has(source)) shown = `invalid${from}`;
    else if (!parsed.success) shown = raw === undefined ? 'not set (required)' : `invalid${from}`;
    else if (raw === undefined && parsed.data === undefined) shown = 'not set';
    else {
      const value = mask(variable, format(parsed.data));
      shown = raw === undefined ? `${value} (default)` : `${value}${from}`;
    }
    return `${variable.variable.padEnd(width)}  ${shown}`;
  });
}

function format(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return String(value);
}

/** A secret's value hidden; a URL keeps its scheme, host, port and path. */
function mask(variable: SettingsVariable, value: string): string {
  if (variable.secret === 'no') return value;
  if (!URL.canParse(value) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return MASK;
  const url = new URL(value);
  const userinfo = url.username !== '' || url.password !== '' ? `${MASK}@` : '';
  const query = url.search === '' ? '' : `?${MASK}`;
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query}`;
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
