import type { z } from 'zod';
import { envVariableName } from './env-variable-name.js';
import { SettingsError, type SettingsProblem } from './settings-error.js';

/** Where settings are read from: variable name → value, like `process.env`. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Keys treated as secrets even when not listed: a database URL carries its password. */
const SECRET_KEY = /password|secret|token|key|url/i;
const HIDDEN = 'invalid value (hidden)';
const MAX_SHOWN_VALUE = 100;

/** Options of {@link defineSettings}; `S` is the `z.object` describing the settings. */
export interface DefineSettingsOptions<S extends z.ZodObject> {
  /** Prepended to every variable name, e.g. `BALTRA_` (`logLevel` → `BALTRA_LOG_LEVEL`). */
  readonly prefix: string;
  /** camelCase keys; values arrive as strings, so use `z.coerce.number()`, `envBoolean()` … */
  readonly schema: S;
  /** Keys whose values must never appear in errors (in addition to the default pattern). */
  readonly secrets?: readonly SettingsKey<S>[];
  /** Extra unprefixed variable names per key, read when the prefixed one is unset. */
  readonly aliases?: { readonly [K in SettingsKey<S>]?: readonly string[] };
  /** The variables to read; defaults to `process.env`, looked up only when `get()` runs. */
  readonly env?: EnvSource | (() => EnvSource);
}

/** The keys of a settings schema. */
export type SettingsKey<S extends z.ZodObject> = Extract<keyof S['shape'], string>;

/** A lazily read, cached, validated view of the environment. */
export interface Settings<T> {
  /** Reads and validates the environment on first call, then returns the cached value. */
  get(): Readonly<T>;
  /** Forgets the cached value so the next `get()` reads the environment again (for tests). */
  reset(): void;
}

/**
 * Declares a group of settings read from environment variables. Nothing is read until
 * `get()` is called; the parsed value is cached. Empty variables count as unset. When any
 * variable is invalid, `get()` throws one {@link SettingsError} listing every problem, with
 * the values of secrets (listed in `secrets`, or keys matching password|secret|token|key|url)
 * never shown.
 *
 * @example
 * ```ts
 * const workerSettings = defineSettings({
 *   prefix: 'WORKER_',
 *   schema: z.object({
 *     concurrency: z.coerce.number().int().positive().default(4),
 *     queueUrl: z.string().url(),
 *     dryRun: envBoolean().default(false),
 *   }),
 *   aliases: { queueUrl: ['QUEUE_URL'] },
 * });
 * const { concurrency, queueUrl } = workerSettings.get();
 * ```
 */
export function defineSettings<S extends z.ZodObject>(
  options: DefineSettingsOptions<S>,
): Settings<z.output<S>> {
  let cached: Readonly<z.output<S>> | undefined;
  return {
    get() {
      cached ??= load(options);
      return cached;
    },
    reset() {
      cached = undefined;
    },
  };
}

interface Source {
  /** The variable the value came from, or the prefixed name when none was set. */
  readonly variable: string;
  readonly value: string | undefined;
  readonly candidates: readonly string[];
}

function load<S extends z.ZodObject>(options: DefineSettingsOptions<S>): Readonly<z.output<S>> {
  const env = typeof options.env === 'function' ? options.env() : (options.env ?? process.env);
  const aliases: Readonly<Record<string, readonly string[] | undefined>> = options.aliases ?? {};
  const sources = new Map<string, Source>();
  const input: Record<string, string> = {};

  for (const key of Object.keys(options.schema.shape)) {
    const candidates = [envVariableName(options.prefix, key), ...(aliases[key] ?? [])];
    const variable = candidates.find((name) => isSet(env[name]));
    const value = variable === undefined ? undefined : env[variable];
    sources.set(key, { variable: variable ?? (candidates[0] as string), value, candidates });
    if (value !== undefined) input[key] = value;
  }

  const result = options.schema.safeParse(input);
  if (result.success) return Object.freeze(result.data);

  const secrets = new Set<string>(options.secrets ?? []);
  const isSecret = (key: string) => secrets.has(key) || SECRET_KEY.test(key);
  const secretValues = [...sources]
    .filter(([key, source]) => isSecret(key) && source.value !== undefined)
    .map(([, source]) => source.value as string);
  const messages = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const source = key === undefined ? undefined : sources.get(key);
    const variable = source?.variable ?? `${options.prefix}*`;
    const described = describe(issue, source, key === undefined || isSecret(key));
    // A cross-field rule or another key's message may still quote a secret.
    const message = secretValues.some((secret) => leaks(described, secret)) ? HIDDEN : described;
    const list = messages.get(variable) ?? [];
    if (!list.includes(message)) list.push(message);
    messages.set(variable, list);
  }
  const problems: SettingsProblem[] = [...messages].map(([variable, list]) => ({
    variable,
    message: list.join('; '),
  }));
  throw new SettingsError(problems);
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function describe(issue: z.core.$ZodIssue, source: Source | undefined, secret: boolean): string {
  const value = source?.value;
  if (value === undefined) {
    if (issue.code !== 'invalid_type') return issue.message;
    const others = source === undefined ? [] : source.candidates.slice(1);
    return others.length === 0
      ? 'required but not set'
      : `required but not set (nor ${others.join(', ')})`;
  }
  if (secret) return leaks(issue.message, value) ? HIDDEN : issue.message;
  const shown = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  return `${issue.message} (got ${JSON.stringify(shown)})`;
}

/** True when a message would reveal the secret or, for a URL, its password. */
function leaks(message: string, value: string): boolean {
  if (message.includes(value)) return true;
  const password = URL.canParse(value) ? new URL(value).password : '';
  if (password === '') return false;
  return message.includes(password) || message.includes(safeDecode(password));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
