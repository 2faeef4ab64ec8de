import type { z } from 'zod';
import { AI_SETTINGS_DEFINITION } from '../infra/ai/ai-settings.js';
import { METRICS_SETTINGS_DEFINITION } from '../infra/prometheus/metrics-settings.js';
import { REDIS_SETTINGS_DEFINITION } from '../infra/redis/redis-settings.js';
import { REPORTING_SETTINGS_DEFINITION } from '../infra/reporting/reporting-settings.js';
import { CORE_SETTINGS_DEFINITION } from '../shared/settings/core-settings.js';
import { envVariableName } from '../shared/settings/env-variable-name.js';
import { SECRET_SETTING_NAME } from '../shared/settings/secret-setting-name.js';

/** Where the environment is read from: variable name → value, like `process.env`. */
export type EnvVariables = Readonly<Record<string, string | undefined>>;

/** One group of settings the SDK reads, defined once and read by `defineSettings`. */
export interface SettingsGroup {
  /** Short name: `core`, `redis`. */
  readonly name: string;
  readonly title: string;
  readonly prefix: string;
  readonly schema: z.ZodObject;
  /** Keys declared secret (the default pattern adds more; see {@link SettingsVariable.secret}). */
  readonly secrets: readonly string[];
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  /** The entry points and functions that read the whole group. */
  readonly readBy: readonly string[];
  /** Readers of single keys beyond the group's readers. */
  readonly alsoReadBy: Readonly<Record<string, readonly string[]>>;
  /** Whether `baltra settings check` checks the group, given the environment. */
  readonly checkedWhen: (env: EnvVariables) => boolean;
  /** Why the group was not checked (shown by `baltra settings check`). */
  readonly skippedBecause: string;
}

/** One environment variable of a group. */
export interface SettingsVariable {
  readonly key: string;
  /** The prefixed name, e.g. `BALTRA_DATABASE_URL`. */
  readonly variable: string;
  /** Unprefixed names read when the prefixed one is unset, e.g. `DATABASE_URL`. */
  readonly aliases: readonly string[];
  /** `declared` (listed in `secrets`), `by-name` (matches `SECRET_SETTING_NAME`) or `no`. */
  readonly secret: 'declared' | 'by-name' | 'no';
}

const isSet = (value: string | undefined) => value !== undefined && value !== '';

/**
 * The settings the SDK reads from the environment, group by group. `docs/settings.md` is
 * generated from it (`npm run docs:settings`) and `baltra settings check` validates them.
 *
 * @example
 * ```ts
 * for (const group of SETTINGS_GROUPS) console.log(group.name, settingsVariables(group));
 * ```
 */
export const SETTINGS_GROUPS: readonly SettingsGroup[] = [
  {
    name: 'core',
    title: 'Core settings',
    ...CORE_SETTINGS_DEFINITION,
    readBy: [
      '`@baltra/sdk`: `getSettings()`, and the default logger (`configureLogging()`, `getLogger()`) for a level or service name it is not given',
      '`@baltra/sdk/worker` (`Worker`, `OutboxRelay`, `createSqsHandler` for AWS Lambda), `/express`, `/fastify` and the logging shims of `/legacy`: through the default logger, when not given a `logger`',
      '`@baltra/sdk/container`: `bootstrap()` (unless given `settings`)',
    ],
    alsoReadBy: { databaseUrl: ['the `baltra migrate` command (unless given `--database-url`)'] },
    checkedWhen: () => true,
    skippedBecause: '',
  },
  {
    name: 'redis',
    title: 'Redis settings',
    ...REDIS_SETTINGS_DEFINITION,
    readBy: [
      '`@baltra/sdk/redis`: `readRedisSettings()`',
      '`@baltra/sdk/container`: `bootstrap()` when `BALTRA_REDIS_PORTS` is set, or given `redis` without `settings` or `url`',
    ],
    alsoReadBy: {},
    checkedWhen: (env) =>
      Object.keys(env).some((name) => name.startsWith('BALTRA_REDIS_') && isSet(env[name])),
    skippedBecause: 'no BALTRA_REDIS_* variable is set',
  },
  {
    name: 'ai',
    title: 'AI settings',
    ...AI_SETTINGS_DEFINITION,
    readBy: [
      '`@baltra/sdk/ai`: `readAiSettings()`, and `new OpenAiAssistant()` for the key, endpoint, model and timeout it is not given',
    ],
    alsoReadBy: {},
    checkedWhen: (env) =>
      Object.keys(env).some(
        (name) =>
          (name.startsWith('BALTRA_OPENAI_') || name.startsWith('BALTRA_AI_')) && isSet(env[name]),
      ),
    skippedBecause: 'no BALTRA_OPENAI_* or BALTRA_AI_* variable is set',
  },
  {
    name: 'metrics',
    title: 'Metrics settings',
    ...METRICS_SETTINGS_DEFINITION,
    readBy: [
      '`@baltra/sdk/prometheus`: `readMetricsSettings()`, `startMetricsServer()` (port, host and path it is not given) and `loadPrometheusTelemetry()` (tenant labels, when not given `tenantLabels`)',
    ],
    alsoReadBy: {},
    checkedWhen: (env) =>
      Object.keys(env).some((name) => name.startsWith('BALTRA_METRICS_') && isSet(env[name])),
    skippedBecause: 'no BALTRA_METRICS_* variable is set',
  },
  {
    name: 'reporting',
    title: 'Reporting settings',
    ...REPORTING_SETTINGS_DEFINITION,
    readBy: [
      '`@baltra/sdk/reporting`: `readReportingSettings()`, `findChromium()`, and `ChromiumReportRenderer` (when not given `executablePath`)',
      'the `baltra report` command (`--format pdf` or `png`)',
    ],
    alsoReadBy: {},
    checkedWhen: (env) => isSet(env.BALTRA_CHROMIUM_PATH),
    skippedBecause: 'BALTRA_CHROMIUM_PATH is not set',
  },
];

/**
 * The variables of a group in schema order: name, aliases and whether the value is secret.
 *
 * @example
 * ```ts
 * settingsVariables(coreGroup).map((v) => v.variable); // ['BALTRA_SERVICE_NAME', …]
 * ```
 */
export function settingsVariables(group: SettingsGroup): SettingsVariable[] {
  return Object.keys(group.schema.shape).map((key) => ({
    key,
    variable: envVariableName(group.prefix, key),
    aliases: group.aliases[key] ?? [],
    secret: group.secrets.includes(key)
      ? 'declared'
      : SECRET_SETTING_NAME.test(key)
        ? 'by-name'
        : 'no',
  }));
}
