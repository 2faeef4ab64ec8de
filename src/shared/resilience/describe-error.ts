/**
 * A short, secret-free label for an error in events and metrics: its `code` when it has a
 * string one, else its `name`. Messages are never used (they may carry data). Never throws,
 * whatever was thrown (a Proxy, an object with throwing getters, `Object.create(null)`).
 *
 * @example
 * ```ts
 * describeError(new TypeError('boom')); // 'TypeError'
 * ```
 */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    try {
      const { code, name } = error as { code?: unknown; name?: unknown };
      if (typeof code === 'string' && code !== '') return code;
      if (typeof name === 'string' && name !== '') return name;
    } catch {
      return 'UnreadableError';
    }
  }
  return typeof error;
}
