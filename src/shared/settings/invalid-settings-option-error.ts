import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * `defineSettings` was given options it cannot work with: a schema that is no Standard Schema
 * v1 validator, a schema whose keys it cannot know (not a zod object, and no `keys`), or a
 * schema that validates asynchronously (settings are read by a synchronous `get()`). Code
 * `SETTINGS_OPTION_INVALID`; `context` names the option and what was expected. A programming
 * error: fix the definition. Not a {@link SettingsError}, which is about the environment.
 *
 * @example
 * ```ts
 * defineSettings({ prefix: 'APP_', schema: v.object({ port: v.string() }) });
 * // InvalidSettingsOptionError: settings option keys must list every key of the schema …
 * ```
 */
export class InvalidSettingsOptionError extends EdgeError {
  readonly code = 'SETTINGS_OPTION_INVALID';
  readonly retryable = false;

  constructor(option: string, expected: string, options: EdgeErrorOptions = {}) {
    super(`settings option ${option} must be ${expected}`, {
      ...options,
      context: { option, expected, ...options.context },
    });
  }
}
