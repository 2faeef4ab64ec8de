import {
  type BaltraError,
  ConflictError,
  DomainError,
  InfrastructureError,
  NotFoundError,
} from '../../domain/errors.js';
import { awsErrorName } from './aws-error-name.js';

/**
 * Translates an error of `SendTaskSuccess`/`SendTaskFailure`/`SendTaskHeartbeat` into the
 * SDK's errors: `TaskDoesNotExist` → `NotFoundError` (`NOT_FOUND`), `TaskTimedOut` →
 * `ConflictError` (`TASK_TIMED_OUT`), `InvalidToken` → `DomainError` (`INVALID_TASK_TOKEN`),
 * `InvalidOutput` → `DomainError` (`INVALID_TASK_OUTPUT`), anything else →
 * `InfrastructureError` with the original as `cause`. The token is a credential: messages and
 * context show only its last characters, and it is scrubbed from the cause's message.
 *
 * @example
 * ```ts
 * try { await client.send(command); } catch (error) { throw translateTaskError(error, token, 'SendTaskSuccess'); }
 * ```
 */
export function translateTaskError(
  error: unknown,
  taskToken: string,
  operation: string,
): BaltraError {
  const token = maskToken(taskToken);
  const context = { operation, token };
  switch (awsErrorName(error)) {
    case 'TaskDoesNotExist':
      return new NotFoundError('Task', token, { context });
    case 'TaskTimedOut':
      return new ConflictError(`the task ${token} has timed out or is already closed`, {
        code: 'TASK_TIMED_OUT',
        context,
      });
    case 'InvalidToken':
      return new DomainError(`the task token ${token} is invalid`, {
        code: 'INVALID_TASK_TOKEN',
        context,
      });
    case 'InvalidOutput':
      return new DomainError(`the output for task ${token} is not valid JSON`, {
        code: 'INVALID_TASK_OUTPUT',
        context,
      });
    default:
      return new InfrastructureError(`Step Functions ${operation} failed`, {
        context,
        cause: scrub(error, taskToken),
      });
  }
}

/** Tokens are credentials for the callback: errors show only their end. */
function maskToken(token: string): string {
  return token.length <= 12 ? '…' : `…${token.slice(-6)}`;
}

function scrub(error: unknown, taskToken: string): unknown {
  if (error instanceof Error && taskToken.length > 0 && error.message.includes(taskToken)) {
    error.message = error.message.replaceAll(taskToken, '[task token]');
  }
  return error;
}
