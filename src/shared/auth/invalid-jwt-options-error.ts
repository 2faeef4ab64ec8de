import { EdgeError } from '../http/edge-error.js';

/**
 * A {@link JwtVerifier} or {@link mintServiceToken} was given options it must not run with: a
 * weak or short HMAC key, an unbounded number, an empty audience, a JWKS URL with credentials …
 * Code `JWT_OPTIONS_INVALID`; `problems` lists every problem at once (never a secret), so a
 * service fails start-up with the whole list. A configuration error: fix the settings.
 *
 * @example
 * ```ts
 * try {
 *   new JwtVerifier({ issuer, audience: [''], algorithms: ['HS512'], secret: 'a'.repeat(32) });
 * } catch (error) {
 *   if (error instanceof InvalidJwtOptionsError) for (const problem of error.problems) log.error(problem);
 * }
 * ```
 */
export class InvalidJwtOptionsError extends EdgeError {
  readonly code = 'JWT_OPTIONS_INVALID';
  readonly retryable = false;
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(
      [`${subject}: invalid options (${count}):`, ...problems.map((p) => `  - ${p}`)].join('\n'),
      {
        context: { problems: [...problems] },
      },
    );
    this.problems = Object.freeze([...problems]);
  }
}
