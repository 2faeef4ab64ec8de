// Starts a throwaway PostgreSQL cluster from the local server binaries (`pg_config --bindir`):
// initdb into a temp dir, 127.0.0.1 on a free port, run as the `postgres` user when we are root.
// Used by the vitest global setup and by the benchmarks.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** A running throwaway cluster: its superuser URL and a way to stop and delete it. */
export interface Cluster {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the cluster; rejects (and cleans up) when it cannot. */
export async function startThrowawayCluster(): Promise<Cluster> {
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
