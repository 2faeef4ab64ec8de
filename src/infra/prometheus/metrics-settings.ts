import { z } from 'zod';
import {
  defineSettings,
  type EnvSource,
  type Settings,
} from '../../shared/settings/define-settings.js';
import { envBoolean } from '../../shared/settings/env-boolean.js';

/**
 * The metrics settings, read from `BALTRA_METRICS_*` variables: where the standalone metrics
 * server listens and serves, and whether tenant ids become a (capped) label.
 *
 * @example
 * ```ts
 * const settings = metricsSettingsSchema.parse({ metricsPort: '9464' });
 * ```
 */
export const metricsSettingsSchema = z.object({
  metricsPort: z.coerce.number().int().min(0).max(65_535).default(9464).meta({
    description:
      'Port of the standalone metrics server of a worker (`startMetricsServer()`); 0 picks a free one.',
  }),
  metricsHost: z.string().min(1).default('0.0.0.0').meta({
    description:
      'Address the metrics server listens on: every interface, so Prometheus can reach a container; `127.0.0.1` keeps it local.',
  }),
  metricsPath: z
    .string()
    .regex(/^\/\S*$/, 'must start with /')
    .default('/metrics')
    .meta({ description: 'Path the metrics server answers on.' }),
  metricsTenantLabels: envBoolean().default(false).meta({
    description:
      'Whether `loadPrometheusTelemetry()` exposes tenant ids as a `tenant` label (tier is always a label).',
    allowed: '`true`/`false`, `1`/`0`, `yes`/`no`',
  }),
  metricsTenantLabelsMaxValues: z.coerce
    .number()
    .int()
    .positive()
    .default(50)
    .meta({ description: 'Distinct tenants labelled at most; later ones are labelled `other`.' }),
});

/**
 * How {@link readMetricsSettings} reads {@link metricsSettingsSchema}: prefix, secrets and
 * aliases. Not part of the public API; `baltra settings check` and `docs/settings.md` read it.
 */
export const METRICS_SETTINGS_DEFINITION = {
  prefix: 'BALTRA_',
  schema: metricsSettingsSchema,
  secrets: [],
  aliases: {},
} as const;

/** The validated metrics settings (see {@link metricsSettingsSchema}). */
export interface MetricsSettings {
  /** Default 9464 (the port of OpenTelemetry's Prometheus exporter). */
  readonly metricsPort: number;
  /** Default `0.0.0.0`. */
  readonly metricsHost: string;
  /** Default `/metrics`. */
  readonly metricsPath: string;
  /** Default false. */
  readonly metricsTenantLabels: boolean;
  /** Default 50. */
  readonly metricsTenantLabelsMaxValues: number;
}

/** Where {@link readMetricsSettings} reads from. */
export interface ReadMetricsSettingsOptions {
  /** Variable prefix; default `BALTRA_`. */
  readonly prefix?: string;
  /** The variables to read; default `process.env`. */
  readonly env?: EnvSource | (() => EnvSource);
}

/**
 * Reads and validates the metrics settings: `BALTRA_METRICS_PORT` (default 9464),
 * `BALTRA_METRICS_HOST` (default `0.0.0.0`), `BALTRA_METRICS_PATH` (default `/metrics`),
 * `BALTRA_METRICS_TENANT_LABELS` (default false) and `BALTRA_METRICS_TENANT_LABELS_MAX_VALUES`
 * (default 50). Throws one `SettingsError` listing every invalid variable.
 *
 * @example
 * ```ts
 * const { metricsPort, metricsHost } = readMetricsSettings().get();
 * ```
 */
export function readMetricsSettings(
  options: ReadMetricsSettingsOptions = {},
): Settings<MetricsSettings> {
  return defineSettings({
    ...METRICS_SETTINGS_DEFINITION,
    prefix: options.prefix ?? METRICS_SETTINGS_DEFINITION.prefix,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}
