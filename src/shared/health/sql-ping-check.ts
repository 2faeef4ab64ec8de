import type { HealthCheck } from './health-check.js';

/**
 * A readiness check that runs one trivial query through whatever client the caller has —
 * shared code never imports a driver. With Kysely: `sqlPingCheck(() => sql\`select 1\`.execute(db))`;
 * with `pg`: `sqlPingCheck(() => pool.query('select 1'))`. The timeout is the registry's.
 *
 * @example
 * ```ts
 * import { sql } from 'kysely';
 * health.register('postgres', sqlPingCheck(() => sql`select 1`.execute(db)), { timeoutMs: 1000 });
 * ```
 */
export function sqlPingCheck(run: () => Promise<unknown>): HealthCheck {
  return async () => {
    await run();
  };
}
