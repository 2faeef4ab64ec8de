/**
 * `@baltra/sdk/step-functions`: the `WorkflowGateway` on AWS Step Functions, the onboarding
 * workflow as an Amazon States Language definition and a helper that deploys it.
 * `@aws-sdk/client-sfn` is an optional peer: importing this entry loads no AWS module.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  StartedWorkflow,
  StartWorkflowRequest,
  WorkflowGateway,
  WorkflowStatus,
} from '../../domain/index.js';
export type {
  AwsClientConfig,
  AwsCredentials,
  AwsEndpointParts,
  AwsEndpointUrl,
  AwsLogger,
  AwsProvided,
} from '../aws/aws-client-config.js';
export type { EnsuredStateMachine, EnsureStateMachineOptions } from './ensure-state-machine.js';
export { ensureStateMachine } from './ensure-state-machine.js';
export { executionArn } from './execution-arn.js';
export { ONBOARDING_STATE_MACHINE_DEFINITION } from './onboarding-state-machine-definition.js';
export { MAX_EXECUTION_NAME_LENGTH, sanitiseExecutionName } from './sanitise-execution-name.js';
export type { SfnClient, SfnCommand } from './sfn-client.js';
export type {
  SfnWorkflowGatewayOptions,
  WaitForCompletionOptions,
} from './sfn-workflow-gateway.js';
export { SfnWorkflowGateway } from './sfn-workflow-gateway.js';
export type {
  CatchClause,
  FailState,
  PassState,
  RetryClause,
  State,
  StateBase,
  StateMachineDefinition,
  SucceedState,
  TaskState,
  Transition,
} from './states-language.js';
