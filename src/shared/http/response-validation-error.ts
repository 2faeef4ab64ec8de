import { EdgeError } from './edge-error.js';

/**
 * Another service answered 2xx with a body that does not match the expected schema (or is
 * not JSON). Code `UPSTREAM_INVALID_RESPONSE`; not retryable. `issues` lists the paths and
 * messages of the schema's issues — never the values received: a message that quotes one (as
 * valibot's and arktype's do) reads `invalid value (hidden)`.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof ResponseValidationError) log.error('contract drift', { issues: error.issues }); }
 * ```
 */
export class ResponseValidationError extends EdgeError {
  readonly code = 'UPSTREAM_INVALID_RESPONSE';
  readonly retryable = false;
  readonly issues: readonly string[];

  constructor(method: string, path: string, issues: readonly string[]) {
    super(`${method} ${path} returned an unexpected body: ${issues.join('; ')}`, {
      context: { method, path, issues },
    });
    this.issues = Object.freeze([...issues]);
  }
}
