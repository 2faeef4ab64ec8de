/** A value, or a function that resolves it when the client needs it (an AWS `Provider`). */
export type AwsProvided<T> = T | (() => Promise<T>);

/** AWS credentials: an access key pair, with a session token for temporary credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly credentialScope?: string;
  readonly accountId?: string;
  /** When temporary credentials stop working; the client refreshes them before. */
  readonly expiration?: Date;
}

/** An endpoint as a URL object (the AWS SDK's `EndpointV2`). */
export interface AwsEndpointUrl {
  readonly url: URL;
}

/** An endpoint in parts (the AWS SDK's older `Endpoint`). */
export interface AwsEndpointParts {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
}

/** The logger of an AWS client (`console` fits). */
export interface AwsLogger {
  readonly trace?: (...content: unknown[]) => void;
  readonly debug: (...content: unknown[]) => void;
  readonly info: (...content: unknown[]) => void;
  readonly warn: (...content: unknown[]) => void;
  readonly error: (...content: unknown[]) => void;
}

/**
 * The options of an AWS SDK v3 client (`SQSClientConfig`, `SFNClientConfig`) the SDK takes when
 * it creates the client for you: region, endpoint, credentials, retries, FIPS and dual-stack
 * endpoints, logger, profile. Declared here, with the AWS SDK's own types for each option,
 * so the SDK's declarations type-check without the optional AWS peer (docs/adr/0026); a
 * `SQSClientConfig` or `SFNClientConfig` value fits as it is. For any other option (a
 * `requestHandler`, a custom signer), create the client yourself and pass it as `client`.
 *
 * @example
 * ```ts
 * const clientConfig: AwsClientConfig = {
 *   region: 'eu-west-1',
 *   endpoint: 'http://127.0.0.1:4566', // LocalStack, moto_server
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
 *   maxAttempts: 5,
 * };
 * const queue = new SqsMessageQueue({ clientConfig });
 * ```
 */
export interface AwsClientConfig {
  /** The AWS region, e.g. `eu-west-1`; default: `AWS_REGION` and the shared config files. */
  readonly region?: AwsProvided<string>;
  /** A custom endpoint (LocalStack, moto_server, a VPC endpoint): a URL string or object. */
  readonly endpoint?: string | AwsProvided<AwsEndpointUrl> | AwsProvided<AwsEndpointParts>;
  /** Default: the AWS SDK's default credential provider chain. */
  readonly credentials?:
    | AwsCredentials
    | ((identityProperties?: Record<string, unknown>) => Promise<AwsCredentials>);
  /** Attempts per request, the first included; the AWS SDK's default is 3. */
  readonly maxAttempts?: AwsProvided<number>;
  /** `standard` or `adaptive`; the AWS SDK's default is `standard`. */
  readonly retryMode?: AwsProvided<string>;
  readonly useFipsEndpoint?: AwsProvided<boolean>;
  readonly useDualstackEndpoint?: AwsProvided<boolean>;
  readonly logger?: AwsLogger;
  /** The profile of the shared config and credentials files to read. */
  readonly profile?: string;
}
