import { ValidationError } from '../../domain/errors.js';

/**
 * The ARN Step Functions gives the execution `executionName` of a standard state machine:
 * `arn:aws:states:eu-west-1:123456789012:stateMachine:onboarding` and `onboarding-42` give
 * `arn:aws:states:eu-west-1:123456789012:execution:onboarding:onboarding-42`.
 *
 * @example
 * ```ts
 * const executionId = executionArn(stateMachineArn, 'onboarding-42');
 * ```
 */
export function executionArn(stateMachineArn: string, executionName: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[0] !== 'arn' || parts[5] !== 'stateMachine') {
    throw new ValidationError('state machine ARN', [
      {
        code: 'custom',
        path: [],
        message: 'must look like arn:<partition>:states:<region>:<account>:stateMachine:<name>',
        input: stateMachineArn,
      },
    ]);
  }
  return [...parts.slice(0, 5), 'execution', parts[6], executionName].join(':');
}
