import { z } from 'zod';
import {
  defineSettings,
  type EnvSource,
  type Settings,
} from '../../shared/settings/define-settings.js';

/** One port that can live on Redis. */
export type RedisPort = 'broker' | 'cache' | 'locks' | 'rateLimits' | 'idempotency';

/** The ports a service can put on Redis with `BALTRA_REDIS_PORTS` or `bootstrap({ redis })`. */
export const REDIS_PORTS: readonly RedisPort[] = [
  'broker',
  'cache',
  'locks',
  'rateLimits',
  'idempotency',
];

const isRedisUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'redis:' || protocol === 'rediss:';
  } catch {
    return false;
  }
};

const portList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(
    z.union([
      z.tuple([z.literal('all')]).transform((): RedisPort[] => [...REDIS_PORTS]),
      z.array(z.enum(['broker', 'cache', 'locks', 'rateLimits', 'idempotency'])),
    ]),
  );

/**
 * The Redis settings, read from `BALTRA_REDIS_*` variables: the URL (`redis://` or
 * `rediss://`, with username, password and database number), a key prefix, timeouts, the
 * number of retries of a command whose connection dropped, and which ports live on Redis.
 *
 * @example
 * ```ts
 * const settings = redisSettingsSchema.parse({ redisUrl: 'redis://127.0.0.1:6379/0' });
 * ```
 */
export const redisSettingsSchema = z.object({
  redisUrl: z.string().refine(isRedisUrl, { message: 'must be a redis:// or rediss:// URL' }).meta({
    description: 'The Redis server, with user name, password and database number.',
    allowed: 'a `redis://` or `rediss://` URL',
  }),
  redisKeyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]*$/, 'letters, digits and : _ . - only')
    .default('baltra:')
    .meta({ description: 'Prefix of every key the Redis adapters write.' }),
  redisConnectTimeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .default(5_000)
    .meta({ description: 'Milliseconds to wait for a connection.' }),
  redisCommandTimeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .default(5_000)
    .meta({ description: 'Milliseconds a command may take before it fails.' }),
  redisMaxRetries: z.coerce
    .number()
    .int()
    .min(0)
    .max(20)
    .default(3)
    .meta({ description: 'Reconnections a command waits through before it fails.' }),
  redisPorts: portList.default([]).meta({
    description: 'The ports `bootstrap()` puts on Redis; set, it turns Redis on.',
    allowed: '`all`, or a comma list of `broker`, `cache`, `locks`, `rateLimits`, `idempotency`',
  }),
});

/**
 * How {@link readRedisSettings} reads {@link redisSettingsSchema}: prefix, secrets and aliases.
 * Not part of the public API; `baltra settings check` and `docs/settings.md` read it.
 */
export const REDIS_SETTINGS_DEFINITION = {
  prefix: 'BALTRA_',
  schema: redisSettingsSchema,
  secrets: ['redisUrl'],
  aliases: { redisUrl: ['REDIS_URL'] },
} as const;

/** The validated Redis settings (see {@link redisSettingsSchema}). */
export interface RedisSettings {
  /** `redis://` or `rediss://`, with user name, password and database number. A secret. */
  readonly redisUrl: string;
  /** Prefix of every key the adapters write; default `baltra:`. */
  readonly redisKeyPrefix: string;
  readonly redisConnectTimeoutMs: number;
  readonly redisCommandTimeoutMs: number;
  /** Reconnections a command waits through before it fails. */
  readonly redisMaxRetries: number;
  /** The ports on Redis (`BALTRA_REDIS_PORTS`). */
  readonly redisPorts: readonly RedisPort[];
}

/** Where {@link readRedisSettings} reads from. */
export interface ReadRedisSettingsOptions {
  /** Variable prefix; default `BALTRA_`. */
  readonly prefix?: string;
  /** The variables to read; default `process.env`. */
  readonly env?: EnvSource | (() => EnvSource);
}

/**
 * Reads and validates the Redis settings: `BALTRA_REDIS_URL` (or `REDIS_URL`),
 * `BALTRA_REDIS_KEY_PREFIX`, `BALTRA_REDIS_CONNECT_TIMEOUT_MS`,
 * `BALTRA_REDIS_COMMAND_TIMEOUT_MS`, `BALTRA_REDIS_MAX_RETRIES` and `BALTRA_REDIS_PORTS`
 * (`all` or a comma list of `broker,cache,locks,rateLimits,idempotency`). Throws one
 * `SettingsError` listing every invalid variable; the URL is a secret and never echoed.
 *
 * @example
 * ```ts
 * const settings = readRedisSettings().get();
 * const redis = await createRedisClient(settings);
 * ```
 */
export function readRedisSettings(options: ReadRedisSettingsOptions = {}): Settings<RedisSettings> {
  return defineSettings({
    ...REDIS_SETTINGS_DEFINITION,
    prefix: options.prefix ?? REDIS_SETTINGS_DEFINITION.prefix,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}
