/**
 * Setting names treated as secrets even when a schema does not list them: passwords, secrets,
 * tokens, keys (not key prefixes) and URLs (which may carry credentials). Their values are
 * never echoed in errors or printed by `baltra settings check`.
 *
 * @example
 * ```ts
 * SECRET_SETTING_NAME.test('apiKey'); // true
 * SECRET_SETTING_NAME.test('redisKeyPrefix'); // false
 * ```
 */
export const SECRET_SETTING_NAME: RegExp = /password|secret|token|key(?!_?prefix)|url/i;
