import { type SanitisedValue, sanitise } from '../../shared/pii/sanitise.js';

/** Step Functions' limits: 256 KiB of input or output, 256 characters of error, 32 KiB of cause. */
export const STEP_FUNCTIONS_LIMITS = Object.freeze({
  payload: 256 * 1024,
  error: 256,
  cause: 32_768,
});

/**
 * A workflow's input or a task's output as it may leave for Step Functions, where it stays
 * in the execution history: emails, phones and personal ids masked (`sanitise` of
 * `shared/pii`), secrets `[REDACTED]`; strings are not shortened below Step Functions' own
 * payload limit. Workflows are handed ids and look the rest up (the port's contract).
 *
 * @example
 * ```ts
 * sanitiseWorkflowPayload({ candidateId, email: 'ana@example.com' }); // { candidateId, email: '***e.com' }
 * ```
 */
export function sanitiseWorkflowPayload(
  payload: Readonly<Record<string, unknown>>,
): SanitisedValue {
  return sanitise(payload, { maxStringLength: STEP_FUNCTIONS_LIMITS.payload, maxDepth: 64 });
}

/**
 * A failure's `error` or `cause`, or a stop's `cause`, as it may leave for Step Functions:
 * sanitised like any text for a third party and cut to `maxLength` (Step Functions rejects
 * longer values).
 *
 * @example
 * ```ts
 * sanitiseFailureText('no reply from ana@example.com', STEP_FUNCTIONS_LIMITS.cause); // 'no reply from ***e.com'
 * ```
 */
export function sanitiseFailureText(text: string, maxLength: number): string {
  const sanitised = sanitise(text, { maxStringLength: maxLength });
  return typeof sanitised === 'string' ? sanitised : '';
}
