/**
 * Cross-cutting building blocks: settings from the environment, execution context and
 * correlation ids, structured logging with PII redaction. Importing this module reads no
 * environment variable and loads no logging library.
 *
 * @packageDocumentation
 */
export type {
  ExecutionContext,
  ExecutionContextPatch,
} from './context/execution-context.js';
export {
  getExecutionContext,
  newCorrelationId,
  runWithContext,
} from './context/execution-context.js';
export { configureLogging, getLogger, resetLogging } from './logging/configure-logging.js';
export type { CreateLoggerOptions } from './logging/create-logger.js';
export { createLogger } from './logging/create-logger.js';
export type { LogLevel } from './logging/log-level.js';
export { LOG_LEVELS } from './logging/log-level.js';
export type { LogFields, Logger } from './logging/logger.js';
export type { MaskTextOptions } from './logging/mask-sensitive-text.js';
export { maskSensitiveText } from './logging/mask-sensitive-text.js';
export type { RedactPiiOptions } from './logging/redact-pii.js';
export { redactPii } from './logging/redact-pii.js';
export type { LogValue, LogValueOptions } from './logging/to-log-value.js';
export { toLogValue } from './logging/to-log-value.js';
export type { ConfigureSettingsOptions, CoreSettings } from './settings/core-settings.js';
export {
  configureSettings,
  coreSettingsSchema,
  getSettings,
  resetSettings,
} from './settings/core-settings.js';
export type {
  DefineSettingsOptions,
  EnvSource,
  Settings,
  SettingsKey,
} from './settings/define-settings.js';
export { defineSettings } from './settings/define-settings.js';
export { envBoolean } from './settings/env-boolean.js';
export { envVariableName } from './settings/env-variable-name.js';
export type { SettingsProblem } from './settings/settings-error.js';
export { SettingsError } from './settings/settings-error.js';
