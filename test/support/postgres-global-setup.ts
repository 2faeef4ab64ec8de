// vitest globalSetup: gives the test files a PostgreSQL server they own.
//
// - DATABASE_URL set: use that server (tests create and drop their own databases on it).
// - otherwise: initdb a throwaway cluster into a temp dir with the PostgreSQL binaries of
//   `pg_config --bindir`, start it on 127.0.0.1 and a free port (as the `postgres` user when
//   running as root), and stop and delete it in teardown.
// - no server possible: in CI (CI=true) the run fails; elsewhere the PostgreSQL suites are
//   skipped with a loud warning (tests see `inject('postgresUrl') === null`).
import type { TestProject } from 'vitest/node';
import { type Cluster, startThrowawayCluster } from './throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the test server, or null when there is none. */
    postgresUrl: string | null;
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  let cluster: Cluster;
  try {
    cluster = await startThrowawayCluster();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required in CI but no server could be started: ${reason}`, {
        cause: error,
      });
    }
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! No PostgreSQL server: the PostgreSQL test suites will be SKIPPED.\n` +
        `!! Reason: ${reason}\n` +
        `!! Set DATABASE_URL, or install the PostgreSQL 15 server binaries (pg_config --bindir).\n${line}\n`,
    );
    project.provide('postgresUrl', null);
    return undefined;
  }
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
