import type { HealthCheck } from '../../shared/health/health-check.js';
import type { RedisClient } from './redis-client.js';
import { translateRedisError } from './translate-redis-error.js';

/**
 * A readiness check that sends `PING` and expects `PONG`. The registry's timeout aborts the
 * wait (the check then reports `timeout`); a failure is a `RedisError` whose code the report
 * shows.
 *
 * @example
 * ```ts
 * health.register('redis', redisPingCheck(redis), { timeoutMs: 500 });
 * ```
 */
export function redisPingCheck(client: RedisClient): HealthCheck {
  return async (signal) => {
    const reply = await new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      client.ping().then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(translateRedisError(error, 'PING'));
        },
      );
    });
    if (reply !== 'PONG') throw new Error(`PING answered ${JSON.stringify(reply)}`);
  };
}
