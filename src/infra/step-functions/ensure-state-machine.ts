import type { CreateStateMachineOutput, ListStateMachinesOutput } from '@aws-sdk/client-sfn';
import { InfrastructureError } from '../../domain/errors.js';
import { awsErrorName } from './aws-error-name.js';
import { loadSfnModule } from './load-sfn-module.js';
import type { SfnClient } from './sfn-client.js';
import type { StateMachineDefinition } from './states-language.js';

/** What {@link ensureStateMachine} deploys. */
export interface EnsureStateMachineOptions {
  readonly name: string;
  /** The IAM role the state machine runs as. */
  readonly roleArn: string;
  readonly definition: StateMachineDefinition;
  /** Values for `${Key}` placeholders in the definition (like CloudFormation's DefinitionSubstitutions). */
  readonly substitutions?: Readonly<Record<string, string>>;
}

/** The state machine and whether this call created it. */
export interface EnsuredStateMachine {
  readonly stateMachineArn: string;
  readonly created: boolean;
}

/**
 * Creates the standard state machine `name`, or updates the definition and role of the one
 * that exists. Idempotent: safe to run at every deploy or start-up.
 *
 * @example
 * ```ts
 * const { stateMachineArn } = await ensureStateMachine(new SFNClient({}), {
 *   name: 'onboarding',
 *   roleArn: 'arn:aws:iam::123456789012:role/onboarding',
 *   definition: ONBOARDING_STATE_MACHINE_DEFINITION,
 *   substitutions: { DocumentsQueueUrl: queueUrl },
 * });
 * ```
 */
export async function ensureStateMachine(
  client: SfnClient,
  options: EnsureStateMachineOptions,
): Promise<EnsuredStateMachine> {
  const sdk = await loadSfnModule();
  const definition = substitute(JSON.stringify(options.definition), options.substitutions ?? {});
  const update = async (stateMachineArn: string): Promise<EnsuredStateMachine> => {
    await client.send(
      new sdk.UpdateStateMachineCommand({ stateMachineArn, definition, roleArn: options.roleArn }),
    );
    return { stateMachineArn, created: false };
  };
  try {
    const existing = await findStateMachine(client, options.name);
    if (existing !== undefined) return await update(existing);
    try {
      const output = (await client.send(
        new sdk.CreateStateMachineCommand({
          name: options.name,
          definition,
          roleArn: options.roleArn,
          type: 'STANDARD',
        }),
      )) as CreateStateMachineOutput;
      if (output.stateMachineArn === undefined) throw new Error('no stateMachineArn in the answer');
      return { stateMachineArn: output.stateMachineArn, created: true };
    } catch (error) {
      // Created concurrently since we looked.
      const raced = awsErrorName(error) === 'StateMachineAlreadyExists';
      const arn = raced ? await findStateMachine(client, options.name) : undefined;
      if (arn === undefined) throw error;
      return await update(arn);
    }
  } catch (error) {
    throw new InfrastructureError(`could not create or update the state machine ${options.name}`, {
      context: { name: options.name, awsError: awsErrorName(error) },
      cause: error,
    });
  }
}

async function findStateMachine(client: SfnClient, name: string): Promise<string | undefined> {
  const sdk = await loadSfnModule();
  let nextToken: string | undefined;
  do {
    const page = (await client.send(
      new sdk.ListStateMachinesCommand(nextToken === undefined ? {} : { nextToken }),
    )) as ListStateMachinesOutput;
    const found = page.stateMachines?.find((machine) => machine.name === name);
    if (found?.stateMachineArn !== undefined) return found.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return undefined;
}

function substitute(definition: string, values: Readonly<Record<string, string>>): string {
  return definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) return placeholder;
    // Inside a JSON string: escape the value as JSON does.
    return JSON.stringify(value).slice(1, -1);
  });
}
