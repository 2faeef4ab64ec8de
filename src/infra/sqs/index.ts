/**
 * `@baltra/sdk/sqs`: the `MessageQueue` port on Amazon SQS (optional peer
 * `@aws-sdk/client-sqs`, loaded lazily: importing this entry loads no AWS module) and a
 * helper that creates queues with their dead-letter queues.
 *
 * @packageDocumentation
 */
export type { EnsuredSqsQueue, EnsureSqsQueueOptions } from './ensure-sqs-queue.js';
export { ensureSqsQueue } from './ensure-sqs-queue.js';
export type { SqsClient, SqsCommand, SqsSendOptions } from './sqs-client.js';
export type { SqsErrorCode, SqsErrorOptions } from './sqs-error.js';
export { SqsError } from './sqs-error.js';
export type { SqsMessageQueueOptions } from './sqs-message-queue.js';
export { SqsMessageQueue } from './sqs-message-queue.js';
export type { SqsCallSite } from './translate-sqs-error.js';
export { translateSqsError } from './translate-sqs-error.js';
