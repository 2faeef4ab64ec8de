import { isStandardSchema } from '../validation/is-standard-schema.js';
import type { StandardSchemaV1 } from '../validation/standard-schema-v1.js';
import { envVariableName } from './env-variable-name.js';
import { InvalidSettingsOptionError } from './invalid-settings-option-error.js';
import { SECRET_SETTING_NAME } from './secret-setting-name.js';
import { SettingsError, type SettingsProblem } from './settings-error.js';

/** Where settings are read from: variable name → value, like `process.env`. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Keys treated as secrets even when not listed: a database URL carries its password. */
const HIDDEN = 'invalid value (hidden)';
const MAX_SHOWN_VALUE = 100;
/** Quoted text in a validator's message, and the length from which a piece of a secret counts. */
const QUOTED = /"([^"]+)"|'([^']+)'/g;
const MIN_QUOTED_PART = 4;

/**
 * Options of {@link defineSettings}; `S` is the schema describing the settings: a zod
 * `z.object` (the documented default), or any Standard Schema v1 validator of an object
 * together with `keys`.
 */
export interface DefineSettingsOptions<S extends StandardSchemaV1> {
  /** Prepended to every variable name, e.g. `BALTRA_` (`logLevel` → `BALTRA_LOG_LEVEL`). */
  readonly prefix: string;
  /** camelCase keys; values arrive as strings, so use `z.coerce.number()`, `envBoolean()` … */
  readonly schema: S;
  /**
   * Every key of the schema, each `true` (as in zod's `.pick()`): the variables to read. A zod
   * object lists its keys itself (its `shape`), so only other validators need it; the type
   * requires every key, so none is silently never read.
   */
  readonly keys?: SettingsKeys<S>;
  /** Keys whose values must never appear in errors (in addition to the default pattern). */
  readonly secrets?: readonly SettingsKey<S>[];
  /** Extra unprefixed variable names per key, read when the prefixed one is unset. */
  readonly aliases?: { readonly [K in SettingsKey<S>]?: readonly string[] };
  /** The variables to read; defaults to `process.env`, looked up only when `get()` runs. */
  readonly env?: EnvSource | (() => EnvSource);
}

/** The keys of a settings schema: a zod object's shape, or the keys of the schema's input. */
export type SettingsKey<S extends StandardSchemaV1> = S extends { readonly shape: infer Shape }
  ? Extract<keyof Shape, string>
  : Extract<keyof StandardSchemaV1.InferInput<S>, string>;

/** Every key of a settings schema, each `true`: the `keys` option of {@link defineSettings}. */
export type SettingsKeys<S extends StandardSchemaV1> = {
  readonly [K in SettingsKey<S>]-?: true;
};

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
 * The schema is a zod `z.object` (its keys are its shape) or any other Standard Schema v1
 * validator with `keys` naming every key; it must validate synchronously. A definition it
 * cannot use throws {@link InvalidSettingsOptionError} at once.
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
 *
 * // Any other Standard Schema validator names its keys, e.g. valibot:
 * const mailSettings = defineSettings({
 *   prefix: 'MAIL_',
 *   schema: v.object({ host: v.string(), port: v.optional(v.pipe(v.string(), v.transform(Number)), '25') }),
 *   keys: { host: true, port: true },
 * });
 * ```
 */
export function defineSettings<S extends StandardSchemaV1>(
  options: DefineSettingsOptions<S> &
    (S extends { readonly shape: object } ? unknown : { readonly keys: SettingsKeys<S> }),
): Settings<StandardSchemaV1.InferOutput<S>> {
  const keys = settingsKeys(options);
  let cached: Readonly<StandardSchemaV1.InferOutput<S>> | undefined;
  return {
    get() {
      cached ??= load(options, keys);
      return cached;
    },
    reset() {
      cached = undefined;
    },
  };
}

/** The keys to read: `keys`, else a zod object's shape; the definition is checked here. */
function settingsKeys(options: {
  readonly schema: unknown;
  readonly keys?: object | undefined;
}): readonly string[] {
  if (!isStandardSchema(options.schema)) {
    throw new InvalidSettingsOptionError(
      'schema',
      'a Standard Schema v1 validator (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2 …)',
    );
  }
  if (isObject(options.keys)) return Object.keys(options.keys);
  const shape = (options.schema as { shape?: unknown }).shape;
  if (isObject(shape)) return Object.keys(shape);
  throw new InvalidSettingsOptionError(
    'keys',
    'every key of the schema, each true ({ port: true, … }), for a schema that is not a zod object',
  );
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

interface Source {
  /** The variable the value came from, or the prefixed name when none was set. */
  readonly variable: string;
  readonly value: string | undefined;
  readonly candidates: readonly string[];
}

function load<S extends StandardSchemaV1>(
  options: DefineSettingsOptions<S>,
  keys: readonly string[],
): Readonly<StandardSchemaV1.InferOutput<S>> {
  const env = typeof options.env === 'function' ? options.env() : (options.env ?? process.env);
  const aliases: Readonly<Record<string, readonly string[] | undefined>> = options.aliases ?? {};
  const sources = new Map<string, Source>();
  const input: Record<string, string> = {};

  for (const key of keys) {
    const candidates = [envVariableName(options.prefix, key), ...(aliases[key] ?? [])];
    const variable = candidates.find((name) => isSet(env[name]));
    const value = variable === undefined ? undefined : env[variable];
    sources.set(key, { variable: variable ?? (candidates[0] as string), value, candidates });
    if (value !== undefined) input[key] = value;
  }

  const result = options.schema['~standard'].validate(input);
  if (result instanceof Promise) {
    result.catch(() => undefined); // its outcome is never read: no unhandled rejection
    throw new InvalidSettingsOptionError(
      'schema',
      'a synchronous validator, for get() is synchronous; it returned a Promise (an async rule, or a zod rule that threw)',
    );
  }
  if (!result.issues) return Object.freeze(result.value);

  const secrets = new Set<string>(options.secrets ?? []);
  const isSecret = (key: string) => secrets.has(key) || SECRET_SETTING_NAME.test(key);
  const secretValues = [...sources]
    .filter(([key, source]) => isSecret(key) && source.value !== undefined)
    .map(([, source]) => source.value as string);
  const messages = new Map<string, string[]>();
  for (const issue of result.issues) {
    const key = firstKey(issue);
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

/** The settings key an issue is about: the first key of its path, when it is a string. */
function firstKey(issue: StandardSchemaV1.Issue): string | undefined {
  const first = issue.path?.[0];
  const key = typeof first === 'object' && first !== null ? first.key : first;
  return typeof key === 'string' ? key : undefined;
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function describe(
  issue: StandardSchemaV1.Issue,
  source: Source | undefined,
  secret: boolean,
): string {
  const value = source?.value;
  if (value === undefined) {
    if (!saysMissing(issue)) return issue.message;
    const others = source === undefined ? [] : source.candidates.slice(1);
    return others.length === 0
      ? 'required but not set'
      : `required but not set (nor ${others.join(', ')})`;
  }
  if (secret) return leaks(issue.message, value) ? HIDDEN : issue.message;
  const shown = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  return `${issue.message} (got ${JSON.stringify(shown)})`;
}

/**
 * True when a message would reveal the secret, a quoted piece of it (valibot quotes the start
 * of a value that fails `startsWith`) or, for a URL, its password.
 */
function leaks(message: string, value: string): boolean {
  if (message.includes(value)) return true;
  for (const [, double, single] of message.matchAll(QUOTED)) {
    const part = double ?? single ?? '';
    if (part.length >= MIN_QUOTED_PART && value.includes(part)) return true;
  }
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

/**
 * Whether an issue of an unset variable only says the value is missing (worded "required but
 * not set") rather than a rule of its own (worded by the validator). Standard Schema issues
 * carry no kind, so the validators' own markers are read: zod's `code: 'invalid_type'`,
 * arktype's `code: 'required'`, valibot's `kind: 'schema'`; an issue with neither a code nor
 * a kind counts as missing.
 */
function saysMissing(issue: StandardSchemaV1.Issue): boolean {
  const { code, kind } = issue as { code?: unknown; kind?: unknown };
  if (typeof code === 'string') return code === 'invalid_type' || code === 'required';
  if (typeof kind === 'string') return kind === 'schema';
  return true;
}
