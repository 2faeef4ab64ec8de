// vitest globalSetup: gives the test files a redis-server of their own (see redis-server.ts):
// a free loopback port, its own data directory, AOF with appendfsync always; stopped and
// deleted in teardown. The shared instance on 6379 is never used.
// - no server possible: in CI (CI=true) the run fails; elsewhere the Redis suites are skipped
//   with a loud warning (tests see `inject('redisUrl') === null`).
import type { TestProject } from 'vitest/node';
import { type RedisServer, startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test redis-server, or null when there is none. */
    redisUrl: string | null;
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  let server: RedisServer;
  try {
    server = await startRedisServer();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`redis-server is required in CI but could not be started: ${reason}`, {
        cause: error,
      });
    }
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! No redis-server: the Redis test suites will be SKIPPED.\n` +
        `!! Reason: ${reason}\n!! Install the Debian package redis-server.\n${line}\n`,
    );
    project.provide('redisUrl', null);
    return undefined;
  }
  project.provide('redisUrl', server.url);
  return () => server.stop();
}
