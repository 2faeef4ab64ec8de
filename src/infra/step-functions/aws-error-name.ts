/**
 * The AWS error name of an SDK error (`TaskDoesNotExist`, `ExecutionAlreadyExists` …), or
 * undefined for anything else. AWS SDK v3 service exceptions carry it as `name`.
 *
 * @example
 * ```ts
 * if (awsErrorName(error) === 'ExecutionDoesNotExist') return null;
 * ```
 */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, $metadata } = error as { name?: unknown; $metadata?: unknown };
  return typeof name === 'string' && $metadata !== undefined ? name : undefined;
}
