/**
 * `@baltra/sdk/sqs`: the `MessageQueue` port on Amazon SQS (optional peer
 * `@aws-sdk/client-sqs`, loaded lazily: importing this entry loads no AWS module) and a
 * helper that creates queues with their dead-letter queues.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type { BaltraErrorOptions, ErrorContext } from '../../domain/index.js';
export { BaltraError, InfrastructureError } from '../../domain/index.js';
export type {
  BatchOutcome,
  FailedEntry,
  MessageAttributeValue,
  MessageQueue,
  MessageQueueLimits,
  OutgoingMessage,
  ReceivedMessage,
  ReceiveOptions,
  SendOutcome,
  VisibilityChange,
} from '../../shared/index.js';
export type {
  AwsClientConfig,
  AwsCredentials,
  AwsEndpointParts,
  AwsEndpointUrl,
  AwsLogger,
  AwsProvided,
} from '../aws/aws-client-config.js';
export type { EnsuredSqsQueue, EnsureSqsQueueOptions } from './ensure-sqs-queue.js';
export { ensureSqsQueue } from './ensure-sqs-queue.js';
export type { SqsQueueDepth } from './read-sqs-queue-depth.js';
export { readSqsQueueDepth } from './read-sqs-queue-depth.js';
export type { SqsClient, SqsCommand, SqsSendOptions } from './sqs-client.js';
export type { SqsErrorCode, SqsErrorOptions } from './sqs-error.js';
export { SqsError } from './sqs-error.js';
export type { SqsMessageQueueOptions } from './sqs-message-queue.js';
export { SqsMessageQueue } from './sqs-message-queue.js';
export type { SqsCallSite } from './translate-sqs-error.js';
export { translateSqsError } from './translate-sqs-error.js';
