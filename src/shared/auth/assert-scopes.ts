import { AuthorizationError } from './authorization-error.js';
import type { Principal } from './principal.js';

/**
 * Throws {@link AuthorizationError} (403) unless `principal` holds every scope in `required`.
 *
 * @example
 * ```ts
 * assertScopes(principal, ['candidates:write']);
 * ```
 */
export function assertScopes(principal: Principal, required: readonly string[]): void {
  const granted = new Set(principal.scopes);
  const missing = required.filter((scope) => !granted.has(scope));
  if (missing.length > 0) {
    throw new AuthorizationError(missing, { subject: principal.subject, kind: principal.kind });
  }
}
