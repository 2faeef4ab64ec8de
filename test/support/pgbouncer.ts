// A pgbouncer of the tests' own in front of the test PostgreSQL server: a free loopback port, a
// temp directory with its pgbouncer.ini and auth file, pool_mode=transaction with a small pool
// so that one client's statements really land on different server connections. pgbouncer
// refuses to run as root: as root it runs as `nobody` (its -u switch), over files it can read.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';
import { freePort } from './free-port.js';
import { postgresUrl } from './postgres.js';
import { stopProcess } from './redis-server.js';

const STARTUP_TIMEOUT_MS = 10_000;

/** The pgbouncer binary: on PATH, or where Debian puts it (/usr/sbin), or null. */
export function pgbouncerBinary(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const file = join(dir, 'pgbouncer');
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/**
 * `describe` for suites that need pgbouncer and the test PostgreSQL server. Without either the
 * suite is skipped with the reason in its name; in CI (CI=true) it fails instead.
 */
export function describeWithPgbouncer(name: string, body: () => void): void {
  const missing =
    postgresUrl() === null
      ? 'no PostgreSQL server: set DATABASE_URL or install PostgreSQL 15'
      : pgbouncerBinary() === null
        ? 'no pgbouncer: apt-get install pgbouncer'
        : null;
  if (missing === null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs pgbouncer and PostgreSQL', () => {
        throw new Error(missing);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${missing}]`, body);
  }
}

/** A running pgbouncer in transaction pooling mode. */
export interface Pgbouncer {
  readonly port: number;
  /** The server connections pgbouncer keeps per database and user. */
  readonly poolSize: number;
  /** A connection string through pgbouncer to `database` on the test server. */
  url(database: string): string;
  /** Stops pgbouncer and deletes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts pgbouncer (pool_mode=transaction, `poolSize` server connections, default 2) in front of
 * the server of `serverUrl`; every database name is passed through to that server.
 *
 * @example
 * ```ts
 * const bouncer = await startPgbouncer(postgresUrl()!);
 * try { openPostgres({ connectionString: bouncer.url(database.name) }) … } finally { await bouncer.stop(); }
 * ```
 */
export async function startPgbouncer(
  serverUrl: string,
  options: { readonly poolSize?: number } = {},
): Promise<Pgbouncer> {
  const binary = pgbouncerBinary();
  if (binary === null) throw new Error('pgbouncer is not installed (apt-get install pgbouncer)');
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username) || 'postgres';
  const poolSize = options.poolSize ?? 2;
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'baltra-pgbouncer-'));
  await chmod(dir, 0o755);
  const ini = join(dir, 'pgbouncer.ini');
  const authFile = join(dir, 'userlist.txt');
  await writeFile(authFile, `"${user}" ""\n`, { mode: 0o644 });
  await writeFile(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${authFile}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 200',
      'server_reset_query =',
      'ignore_startup_parameters = extra_float_digits,options',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child = spawn(binary, asRoot ? ['-u', 'nobody', ini] : [ini], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`pgbouncer exited with ${String(code)}: ${output.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPort(port), exited]);
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    poolSize,
    url(database) {
      const url = new URL(serverUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async stop() {
      // SIGINT: pgbouncer's immediate shutdown (SIGTERM waits for the clients to leave).
      await stopProcess(child, 'SIGINT');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (await accepts(port)) return;
    if (Date.now() > deadline) {
      throw new Error(`pgbouncer did not listen on ${port} within ${STARTUP_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}
