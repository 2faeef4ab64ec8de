import { SqsError, type SqsErrorCode } from './sqs-error.js';

/** Where a failed SQS call came from, for the error's context. */
export interface SqsCallSite {
  readonly operation: string;
  readonly queue: string;
}

const NOT_FOUND = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NonExistentQueue',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSecurity',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
  'KmsAccessDenied',
  'KmsDisabled',
  'KmsNotFound',
  'KmsInvalidKeyUsage',
  'KmsInvalidState',
]);
const UNAVAILABLE = new Set([
  'ThrottlingException',
  'RequestThrottled',
  'Throttling',
  'KmsThrottled',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AWS.SimpleQueueService.QueueDeletedRecently',
  'QueueDeletedRecently',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

const MESSAGES: Readonly<Record<SqsErrorCode, string>> = {
  QUEUE_NOT_FOUND: 'does not exist',
  QUEUE_UNAVAILABLE: 'is unavailable',
  QUEUE_ACCESS_DENIED: 'refused the credentials',
  QUEUE_REQUEST_INVALID: 'refused the request',
};

/**
 * Translates an error of `@aws-sdk/client-sqs` (or of the network under it) into an
 * {@link SqsError}: `QUEUE_NOT_FOUND`, `QUEUE_ACCESS_DENIED`, `QUEUE_UNAVAILABLE` (retryable:
 * throttling, 5xx, timeouts, connection errors) or `QUEUE_REQUEST_INVALID`. Errors the SDK
 * already threw (`isBaltraError`) pass through unchanged.
 *
 * @example
 * ```ts
 * try { await client.send(command); } catch (error) { throw translateSqsError(error, { operation: 'SendMessageBatch', queue }); }
 * ```
 */
export function translateSqsError(error: unknown, site: SqsCallSite): SqsError {
  if (error instanceof SqsError) return error;
  const facts = awsFacts(error);
  const code = classify(facts);
  const context = {
    queue: site.queue,
    operation: site.operation,
    ...(facts.name === undefined ? {} : { awsCode: facts.name }),
    ...(facts.status === undefined ? {} : { httpStatus: facts.status }),
    ...(facts.requestId === undefined ? {} : { requestId: facts.requestId }),
  };
  return new SqsError(code, `SQS ${site.operation}: the queue ${site.queue} ${MESSAGES[code]}`, {
    context,
    cause: sanitisedCause(error, facts.name),
    ...(facts.name === undefined ? {} : { awsCode: facts.name }),
  });
}

/** The AWS error name of a service or client error, if any. */
export function awsErrorCode(error: unknown): string | undefined {
  return awsFacts(error).name;
}

interface AwsFacts {
  readonly name: string | undefined;
  readonly legacyCode: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly network: boolean;
}

function awsFacts(error: unknown): AwsFacts {
  if (typeof error !== 'object' || error === null) {
    return {
      name: undefined,
      legacyCode: undefined,
      status: undefined,
      requestId: undefined,
      network: false,
    };
  }
  const { name, Code, code, $metadata } = error as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  // Query-compatible errors also carry the legacy code (`AWS.SimpleQueueService.…`) as `Code`.
  const awsName =
    typeof name === 'string' && name !== 'Error'
      ? name
      : typeof Code === 'string'
        ? Code
        : undefined;
  return {
    name: awsName,
    legacyCode: typeof Code === 'string' ? Code : undefined,
    status: typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : undefined,
    requestId: typeof $metadata?.requestId === 'string' ? $metadata.requestId : undefined,
    network: typeof code === 'string' && NETWORK_CODES.has(code),
  };
}

function classify(facts: AwsFacts): SqsErrorCode {
  const { name, legacyCode, status } = facts;
  if ([name, legacyCode].some((code) => code !== undefined && NOT_FOUND.has(code))) {
    return 'QUEUE_NOT_FOUND';
  }
  if (name !== undefined && ACCESS_DENIED.has(name)) return 'QUEUE_ACCESS_DENIED';
  if (status === 401 || status === 403) return 'QUEUE_ACCESS_DENIED';
  if (name !== undefined && UNAVAILABLE.has(name)) return 'QUEUE_UNAVAILABLE';
  if (facts.network || status === undefined || status >= 500 || status === 429) {
    return 'QUEUE_UNAVAILABLE';
  }
  return 'QUEUE_REQUEST_INVALID';
}

/**
 * A plain copy of the error with its name and a scrubbed message: AWS errors can carry the
 * request (signature, credential scope) in their properties, and signing errors quote the
 * access key id in their message.
 */
function sanitisedCause(error: unknown, name: string | undefined): Error {
  const message = error instanceof Error ? error.message : String(error);
  const copy = new Error(scrub(message));
  copy.name = name ?? (error instanceof Error ? error.name : 'Error');
  return copy;
}

function scrub(text: string): string {
  return text
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '[access key id]')
    .replace(/(Credential=)[^,\s]+/gi, '$1[redacted]')
    .replace(/(Signature=)[0-9a-f]+/gi, '$1[redacted]')
    .replace(/(X-Amz-Security-Token=)[^&\s]+/gi, '$1[redacted]')
    .replace(/(Security-Token:?\s*)[A-Za-z0-9/+=]{20,}/gi, '$1[redacted]');
}
