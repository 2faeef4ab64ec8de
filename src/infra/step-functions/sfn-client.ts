/** A command of `@aws-sdk/client-sfn`, seen only as something with an input. */
export interface SfnCommand {
  readonly input: object;
}

/**
 * The slice of `SFNClient` the Step Functions adapter uses: `send`. Any `SFNClient` from
 * `@aws-sdk/client-sfn` v3 fits (so do wrappers that trace or meter it). Declared here, not
 * imported, so the SDK's declarations type-check without the optional peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * const client: SfnClient = new SFNClient({ region: 'eu-west-1' });
 * ```
 */
export interface SfnClient {
  send(command: SfnCommand): Promise<unknown>;
}
