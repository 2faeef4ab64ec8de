/** A catcher of a Task state: errors it handles and the state to go to. */
export interface CatchClause {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string;
}

/** A retrier of a Task state. */
export interface RetryClause {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
}

/** How a state ends: it names the `Next` state, or it is an `End` state (never both). */
export type Transition =
  | { readonly Next: string; readonly End?: never }
  | { readonly End: true; readonly Next?: never };

/** What every state may carry. */
export interface StateBase {
  readonly Comment?: string;
}

/** A `Pass` state: passes its input (or `Result`) on. */
export type PassState = StateBase &
  Transition & {
    readonly Type: 'Pass';
    readonly Result?: unknown;
    readonly ResultPath?: string | null;
  };

/** A `Task` state: a service integration, an activity or a Lambda function. */
export type TaskState = StateBase &
  Transition & {
    readonly Type: 'Task';
    readonly Resource: string;
    readonly Parameters?: Readonly<Record<string, unknown>>;
    readonly ResultPath?: string | null;
    readonly TimeoutSeconds?: number;
    readonly HeartbeatSeconds?: number;
    readonly Retry?: readonly RetryClause[];
    readonly Catch?: readonly CatchClause[];
  };

/** A `Succeed` state: the execution succeeds. */
export interface SucceedState extends StateBase {
  readonly Type: 'Succeed';
}

/** A `Fail` state: the execution fails with this error and cause. */
export interface FailState extends StateBase {
  readonly Type: 'Fail';
  readonly Error: string;
  readonly Cause?: string;
}

/** The states this package's workflows use (a subset of Amazon States Language). */
export type State = PassState | TaskState | SucceedState | FailState;

/**
 * An Amazon States Language state machine definition, typed for the states the SDK uses.
 * `JSON.stringify` it for `CreateStateMachine`.
 *
 * @example
 * ```ts
 * const definition: StateMachineDefinition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
 * ```
 */
export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, State>>;
}
