// The message queue adapter of `@baltra/sdk/redis` (Redis Streams), with the declarations of
// `@baltra/sdk` its signatures name (so the entry is complete on its own, issue #17).
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
} from '../../../shared/index.js';
export type { RedisDeadLetterRecord, RedisQueueEntry } from './decode-queue-entry.js';
export type { EnsuredRedisQueue, EnsureRedisQueueOptions } from './ensure-redis-queue.js';
export { ensureRedisQueue } from './ensure-redis-queue.js';
export type { RedisQueueDepth } from './read-redis-queue-depth.js';
export type { RedisMessageQueueOptions, RedisQueueOptions } from './redis-message-queue.js';
export { RedisMessageQueue } from './redis-message-queue.js';
