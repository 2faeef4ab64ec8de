/** A command of `@aws-sdk/client-sqs`, seen only as something with an input. */
export interface SqsCommand {
  readonly input: object;
}

/** The options of one `send` the SQS adapter uses: an abort signal for long polls. */
export interface SqsSendOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * The slice of `SQSClient` the SQS adapter uses: `send`, with an abort signal. Any `SQSClient`
 * of `@aws-sdk/client-sqs` v3 fits (so do wrappers that trace or meter it). Declared here, not
 * imported, so the SDK's declarations type-check without the optional peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * const client: SqsClient = new SQSClient({ region: 'eu-west-1' });
 * ```
 */
export interface SqsClient {
  send(command: SqsCommand, options?: SqsSendOptions): Promise<unknown>;
}
