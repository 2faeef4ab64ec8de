/**
 * `@baltra/sdk/sqs`: the `MessageQueue` port on Amazon SQS (optional peer
 * `@aws-sdk/client-sqs`, loaded lazily).
 *
 * @packageDocumentation
 */
export {};
