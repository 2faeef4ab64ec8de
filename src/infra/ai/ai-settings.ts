import { z } from 'zod';
import {
  defineSettings,
  type EnvSource,
  type Settings,
} from '../../shared/settings/define-settings.js';

/**
 * The AI settings, read from `BALTRA_OPENAI_*` and `BALTRA_AI_*` variables: the OpenAI API key
 * (a secret; `OPENAI_API_KEY` too), an optional base URL (Azure, a proxy, a test server;
 * `OPENAI_BASE_URL` too), the model and the per-attempt timeout.
 *
 * @example
 * ```ts
 * const settings = aiSettingsSchema.parse({ openaiApiKey: 'sk-…' });
 * ```
 */
export const aiSettingsSchema = z.object({
  openaiApiKey: z.string().min(1).optional().meta({
    description: 'The OpenAI API key; required when `OpenAiAssistant` builds its own client.',
  }),
  openaiBaseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({
      description: 'The OpenAI API base URL, for Azure, a proxy or a test server.',
      allowed: 'an `http://` or `https://` URL',
    }),
  aiModel: z
    .string()
    .min(1)
    .default('gpt-4o-mini')
    .meta({ description: 'The model `OpenAiAssistant` asks (one with structured outputs).' }),
  aiTimeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .default(30_000)
    .meta({ description: 'Milliseconds one request to the model may take before it is retried.' }),
});

/**
 * How {@link readAiSettings} reads {@link aiSettingsSchema}: prefix, secrets and aliases.
 * Not part of the public API; `baltra settings check` and `docs/settings.md` read it.
 */
export const AI_SETTINGS_DEFINITION = {
  prefix: 'BALTRA_',
  schema: aiSettingsSchema,
  secrets: ['openaiApiKey'],
  aliases: { openaiApiKey: ['OPENAI_API_KEY'], openaiBaseUrl: ['OPENAI_BASE_URL'] },
} as const;

/** The validated AI settings (see {@link aiSettingsSchema}). */
export interface AiSettings {
  /** A secret, never echoed; required when `OpenAiAssistant` builds its own client. */
  readonly openaiApiKey?: string;
  readonly openaiBaseUrl?: string;
  /** Default `gpt-4o-mini`. */
  readonly aiModel: string;
  /** Default 30 000. */
  readonly aiTimeoutMs: number;
}

/** Where {@link readAiSettings} reads from. */
export interface ReadAiSettingsOptions {
  /** Variable prefix; default `BALTRA_`. */
  readonly prefix?: string;
  /** The variables to read; default `process.env`. */
  readonly env?: EnvSource | (() => EnvSource);
}

/**
 * Reads and validates the AI settings: `BALTRA_OPENAI_API_KEY` (or `OPENAI_API_KEY`),
 * `BALTRA_OPENAI_BASE_URL` (or `OPENAI_BASE_URL`), `BALTRA_AI_MODEL` and
 * `BALTRA_AI_TIMEOUT_MS`. Throws one `SettingsError` listing every invalid variable; the key
 * is a secret and never echoed.
 *
 * @example
 * ```ts
 * const { aiModel } = readAiSettings().get();
 * ```
 */
export function readAiSettings(options: ReadAiSettingsOptions = {}): Settings<AiSettings> {
  return defineSettings({
    ...AI_SETTINGS_DEFINITION,
    prefix: options.prefix ?? AI_SETTINGS_DEFINITION.prefix,
    ...(options.env === undefined ? {} : { env: options.env }),
  }) as Settings<AiSettings>;
}
