// vitest globalSetup: gives the test files a PostgreSQL server they own.
//
// - DATABASE_URL set: use that server (tests create and drop their own databases on it).
// - otherwise: initdb a throwaway cluster into a temp dir with the PostgreSQL binaries of
//   `pg_config --bindir`, start it on 127.0.0.1 and a free port (as the `postgres` user when
//   running as root), and stop and delete it in teardown.
// - no server possible: in CI (CI=true) the run fails; elsewhere the PostgreSQL suites are
//   skipped with a loud warning (tests see `inject('postgresUrl') === null`).
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the test server, or null when there is none. */
    postgresUrl: string | null;
  }
}

const run = promisify(execFile);

interface Cluster {
  readonly url: string;
  stop(): Promise<void>;
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

async function startThrowawayCluster(): Promise<Cluster> {
  const started = Date.now();
  const bindir = (await run('pg_config', ['--bindir'])).stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), 'baltra-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: hand the directory to `postgres` and run as that user.
  const exec = async (binary: string, args: string[]) => {
    const file = join(bindir, binary);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  };
  const superuser = asRoot ? 'postgres' : userInfo().username;
  try {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await exec('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      superuser,
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      '-c shared_buffers=64MB',
    ].join(' ');
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ]);
    const url = `postgres://${superuser}@127.0.0.1:${port}/postgres`;
    if (process.env.BALTRA_PG_VERBOSE) {
      console.info(`PostgreSQL test cluster at ${url} (${Date.now() - started} ms)`);
    }
    return {
      url,
      async stop() {
        try {
          await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
