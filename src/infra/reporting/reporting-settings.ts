import { z } from 'zod';
import {
  defineSettings,
  type EnvSource,
  type Settings,
} from '../../shared/settings/define-settings.js';

/**
 * The reporting settings, read from `BALTRA_*` variables: the Chromium that prints PDF and PNG
 * reports.
 *
 * @example
 * ```ts
 * const settings = reportingSettingsSchema.parse({ chromiumPath: '/usr/bin/chromium' });
 * ```
 */
export const reportingSettingsSchema = z.object({
  chromiumPath: z.string().min(1).optional().meta({
    description:
      'The Chromium that prints PDF and PNG reports; unset, the first of `chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable` on `PATH`.',
    allowed: 'the path of an executable file',
  }),
});

/**
 * How {@link readReportingSettings} reads {@link reportingSettingsSchema}: prefix, secrets and
 * aliases. Not part of the public API; `baltra settings check` and `docs/settings.md` read it.
 */
export const REPORTING_SETTINGS_DEFINITION = {
  prefix: 'BALTRA_',
  schema: reportingSettingsSchema,
  secrets: [],
  aliases: {},
} as const;

/** The validated reporting settings (see {@link reportingSettingsSchema}). */
export interface ReportingSettings {
  /** Unset: found on `PATH`. */
  readonly chromiumPath?: string;
}

/** Where {@link readReportingSettings} reads from. */
export interface ReadReportingSettingsOptions {
  /** Variable prefix; default `BALTRA_`. */
  readonly prefix?: string;
  /** The variables to read; default `process.env`. */
  readonly env?: EnvSource | (() => EnvSource);
}

/**
 * Reads and validates the reporting settings: `BALTRA_CHROMIUM_PATH`. Throws one
 * `SettingsError` listing every invalid variable.
 *
 * @example
 * ```ts
 * const { chromiumPath } = readReportingSettings().get();
 * ```
 */
export function readReportingSettings(
  options: ReadReportingSettingsOptions = {},
): Settings<ReportingSettings> {
  return defineSettings({
    ...REPORTING_SETTINGS_DEFINITION,
    prefix: options.prefix ?? REPORTING_SETTINGS_DEFINITION.prefix,
    ...(options.env === undefined ? {} : { env: options.env }),
  }) as Settings<ReportingSettings>;
}
