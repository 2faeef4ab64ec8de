import { EdgeError } from '../http/edge-error.js';

/**
 * The caller is authenticated but lacks a required scope. Code `FORBIDDEN` (HTTP 403);
 * `context.missing` lists the missing scopes.
 *
 * @example
 * ```ts
 * if (!principal.scopes.includes('candidates:write')) throw new AuthorizationError(['candidates:write']);
 * ```
 */
export class AuthorizationError extends EdgeError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  readonly retryable = false;
  readonly missing: readonly string[];

  constructor(missing: readonly string[], context: Readonly<Record<string, unknown>> = {}) {
    super('The credentials do not grant the scopes this operation requires', {
      context: { missing, ...context },
    });
    this.missing = Object.freeze([...missing]);
  }
}
