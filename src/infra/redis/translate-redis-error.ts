import { isBaltraError } from '../../domain/errors.js';
import { RedisError } from './redis-error.js';

const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// ioredis reports a dropped connection, a closed client, a command timeout and an exhausted
// retry budget as plain Errors told apart only by their message.
const CONNECTION_MESSAGE =
  /Connection is closed|Stream isn't writeable|Command timed out|MaxRetriesPerRequest|Reached the max retries|connect ETIMEDOUT|LOADING|MASTERDOWN|TRYAGAIN/;

/**
 * Turns whatever a Redis client threw into a {@link RedisError}: connection failures and
 * timeouts become `REDIS_UNAVAILABLE` (retryable), server replies `REDIS_COMMAND_FAILED`.
 * SDK errors pass through unchanged. The server's reply text is kept (it never holds a
 * password); the cause is a copy with name and message only.
 *
 * @example
 * ```ts
 * try { await redis.ping(); } catch (error) { throw translateRedisError(error, 'ping'); }
 * ```
 */
export function translateRedisError(error: unknown, operation: string, key?: string): Error {
  if (isBaltraError(error)) return error as Error;
  const facts = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
  };
  const message = typeof facts.message === 'string' ? facts.message : String(error);
  const name = typeof facts.name === 'string' ? facts.name : 'Error';
  const cause = Object.assign(new Error(message), { name });
  const context = { operation, ...(key === undefined ? {} : { key }) };
  const where = key === undefined ? operation : `${operation} on ${key}`;
  const unavailable =
    (typeof facts.code === 'string' && CONNECTION_CODES.has(facts.code)) ||
    name === 'MaxRetriesPerRequestError' ||
    CONNECTION_MESSAGE.test(message);
  if (unavailable) {
    return new RedisError('REDIS_UNAVAILABLE', `Redis is unavailable (${where}): ${message}`, {
      cause,
      context,
    });
  }
  return new RedisError('REDIS_COMMAND_FAILED', `Redis refused ${where}: ${message}`, {
    cause,
    context,
  });
}
