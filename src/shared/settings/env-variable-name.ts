/**
 * The environment variable a settings key is read from: the prefix followed by the key in
 * UPPER_SNAKE_CASE.
 *
 * @example
 * ```ts
 * envVariableName('BALTRA_', 'logLevel'); // 'BALTRA_LOG_LEVEL'
 * envVariableName('', 'databaseUrl'); // 'DATABASE_URL'
 * ```
 */
export function envVariableName(prefix: string, key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
  return `${prefix}${snake}`;
}
