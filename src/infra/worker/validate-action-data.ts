import type { DomainAction } from '../../shared/messaging/domain-action.js';
import {
  type DeadLetterReason,
  MalformedActionError,
} from '../../shared/messaging/malformed-action-error.js';
import { issuePath } from '../../shared/validation/issue-path.js';
import type { StandardSchemaV1 } from '../../shared/validation/standard-schema-v1.js';
import type { ActionHandler } from './action-handler.js';

/** The action's data as its handler's schema left it, or why the action is dead-lettered. */
export type ValidatedData =
  | { readonly kind: 'valid'; readonly data: unknown }
  | { readonly kind: 'dead-letter'; readonly reason: DeadLetterReason; readonly error: unknown };

/**
 * Runs the handler's Standard Schema on the action's data. Issues make it `invalid_data`, with
 * a {@link MalformedActionError} naming the paths of the issues and never their messages or
 * values (a validator's messages may quote the data); a schema that throws or rejects is
 * `schema_error`, with the error it threw. A synchronous validator is answered synchronously;
 * one that returns a Promise (an async refinement) is awaited.
 *
 * @example
 * ```ts
 * const validated = await validateActionData(handler, action);
 * if (validated.kind === 'dead-letter') return { ...validated, action };
 * ```
 */
export function validateActionData(
  handler: ActionHandler,
  action: DomainAction,
): ValidatedData | Promise<ValidatedData> {
  let result: StandardSchemaV1.Result<unknown> | PromiseLike<StandardSchemaV1.Result<unknown>>;
  try {
    result = handler.schema['~standard'].validate(action.data);
    if (!isPromiseLike(result)) return settle(result, action);
  } catch (error) {
    return schemaError(error);
  }
  return Promise.resolve(result).then((settled) => {
    try {
      return settle(settled, action);
    } catch (error) {
      return schemaError(error);
    }
  }, schemaError);
}

/** A falsy `issues` is success (the spec's rule); a result that is no object throws here. */
function settle(result: StandardSchemaV1.Result<unknown>, action: DomainAction): ValidatedData {
  if (!result.issues) return { kind: 'valid', data: result.value };
  const fields = [...new Set(result.issues.map((issue) => issuePath(issue).join('.')))];
  const error = new MalformedActionError(
    'invalid_data',
    `Data of ${action.action_type} failed its schema: ${fields.join(', ') || '(root)'}`,
    { context: { actionType: action.action_type, fields } },
  );
  return { kind: 'dead-letter', reason: 'invalid_data', error };
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function schemaError(error: unknown): ValidatedData {
  return { kind: 'dead-letter', reason: 'schema_error', error };
}
