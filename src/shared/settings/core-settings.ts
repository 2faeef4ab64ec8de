import { z } from 'zod';
import { LOG_LEVELS } from '../logging/log-level.js';
import { defineSettings, type EnvSource, type Settings } from './define-settings.js';
import { envBoolean } from './env-boolean.js';

const DEFAULT_PREFIX = 'BALTRA_';

/**
 * The SDK's own settings, read from `BALTRA_*` variables. Extend it for a service's settings
 * with `coreSettingsSchema.extend({ … })` and {@link defineSettings}.
 *
 * @example
 * ```ts
 * const serviceSettings = defineSettings({
 *   prefix: 'BALTRA_',
 *   schema: coreSettingsSchema.extend({ port: z.coerce.number().int().default(8080) }),
 * });
 * ```
 */
export const coreSettingsSchema = z.object({
  serviceName: z
    .string()
    .min(1)
    .default('baltra-service')
    .meta({ description: 'The `service` field of every log line (`configureLogging()`).' }),
  environment: z
    .enum(['development', 'test', 'staging', 'production'])
    .default('development')
    .meta({ description: "Where the service runs; validated for the service's own use." }),
  logLevel: z
    .enum(LOG_LEVELS)
    .default('info')
    .meta({ description: 'The lowest level the default logger writes.' }),
  databaseUrl: z
    .string()
    .refine(isPostgresUrl, { message: 'must be a postgres:// or postgresql:// URL' })
    .optional()
    .meta({
      description: 'The PostgreSQL database of `bootstrap()`; unset, it embeds PGlite.',
      allowed: 'a `postgres://` or `postgresql://` URL',
    }),
  // Optional rather than defaulted, so settings objects written before it still type-check.
  postgresRowLevelSecurity: envBoolean().optional().meta({
    description:
      "Row-level security per company (unset: off): `migrateToLatest` enables and forces the policies of migration 0009 and `KyselyUnitOfWork` sets `app.company_id` from the execution context's `companyId` (docs/guides/security.md).",
    allowed: '`true`/`false`, `1`/`0`, `yes`/`no`',
  }),
  postgresPooler: z.enum(['none', 'session', 'transaction']).optional().meta({
    description:
      'The connection pooler in front of PostgreSQL (unset: `none`). `transaction` (PgBouncer `pool_mode=transaction`, RDS Proxy): `createLockManager` and `bootstrap()` use `PostgresLeaseLockManager` instead of session advisory locks, which do not hold there (docs/adr/0035-lease-locks-behind-pgbouncer.md).',
  }),
});

/**
 * How {@link getSettings} reads {@link coreSettingsSchema}: prefix, secrets and aliases. Not
 * part of the public API; `baltra settings check` and `docs/settings.md` read it.
 */
export const CORE_SETTINGS_DEFINITION = {
  prefix: DEFAULT_PREFIX,
  schema: coreSettingsSchema,
  secrets: ['databaseUrl'],
  aliases: { databaseUrl: ['DATABASE_URL'] },
} as const;

/**
 * The validated SDK settings: service name, environment, log level, database URL, PostgreSQL
 * row-level security and the connection pooler in front of PostgreSQL.
 */
export type CoreSettings = z.output<typeof coreSettingsSchema>;

/** Where the default settings instance reads from; see {@link configureSettings}. */
export interface ConfigureSettingsOptions {
  /** Variable prefix; default `BALTRA_`. */
  readonly prefix?: string;
  /** The variables to read; default `process.env` (read when settings are first needed). */
  readonly env?: EnvSource | (() => EnvSource);
}

let configuration: ConfigureSettingsOptions = {};
let instance: Settings<CoreSettings> | undefined;

/**
 * The SDK settings, read from the environment on first call and cached. Throws one
 * `SettingsError` listing every invalid variable (secrets never echoed).
 *
 * Variables: `BALTRA_SERVICE_NAME`, `BALTRA_ENVIRONMENT`, `BALTRA_LOG_LEVEL`,
 * `BALTRA_DATABASE_URL` (or `DATABASE_URL`), `BALTRA_POSTGRES_ROW_LEVEL_SECURITY`,
 * `BALTRA_POSTGRES_POOLER`; types and defaults in docs/settings.md.
 *
 * @example
 * ```ts
 * const { serviceName, logLevel, databaseUrl } = getSettings();
 * ```
 */
export function getSettings(): Readonly<CoreSettings> {
  instance ??= defineSettings({
    ...CORE_SETTINGS_DEFINITION,
    prefix: configuration.prefix ?? DEFAULT_PREFIX,
    ...(configuration.env === undefined ? {} : { env: configuration.env }),
  });
  return instance.get();
}

/**
 * Forgets the cached SDK settings so the next {@link getSettings} reads the environment again.
 *
 * @example
 * ```ts
 * afterEach(() => resetSettings());
 * ```
 */
export function resetSettings(): void {
  instance?.reset();
}

/**
 * Changes where the default settings are read from and clears the cache. Options left out
 * return to their defaults (`BALTRA_`, `process.env`), so `configureSettings()` restores them.
 *
 * @example
 * ```ts
 * configureSettings({ prefix: 'RECRUITING_', env: { RECRUITING_LOG_LEVEL: 'debug' } });
 * getSettings().logLevel; // 'debug'
 * ```
 */
export function configureSettings(options: ConfigureSettingsOptions = {}): void {
  configuration = { ...options };
  instance = undefined;
}

function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value) && URL.canParse(value);
}
