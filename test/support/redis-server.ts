// A redis-server of the tests' own: a free loopback port, a data directory of its own, AOF on
// with `appendfsync always` by default (so a kill -9 loses nothing that was acknowledged; the
// benchmarks ask for `everysec`, as production servers run). Never the shared instance on 6379.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const STARTUP_TIMEOUT_MS = 15_000;

/** One throwaway redis-server: its URL, and ways to stop, kill and restart it. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** SIGKILL: no shutdown save, the AOF is all that survives. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free loopback port with its own data directory.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * try { … server.url … } finally { await server.stop(); }
 * ```
 */
export async function startRedisServer(
  options: { readonly appendfsync?: 'always' | 'everysec' } = {},
): Promise<RedisServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'baltra-redis-'));
  const fsync = options.appendfsync ?? 'always';
  let child: ChildProcess | undefined = await spawnServer(port, dataDir, fsync);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dataDir,
    async kill() {
      if (child) await stopProcess(child, 'SIGKILL');
      child = undefined;
    },
    async restart() {
      if (child) await stopProcess(child, 'SIGKILL');
      child = await spawnServer(port, dataDir, fsync);
    },
    async stop() {
      if (child) await stopProcess(child, 'SIGTERM');
      child = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function spawnServer(port: number, dataDir: string, fsync: string): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--appendonly',
    'yes',
    '--appendfsync',
    fsync,
    '--save',
    '',
    '--protected-mode',
    'yes',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with ${String(code)}: ${output.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPong(port), exited]);
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    throw error;
  }
  return child;
}

async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (await pings(port)) return;
    if (Date.now() > deadline) {
      throw new Error(`redis-server did not answer PING within ${STARTUP_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Sends `signal`, SIGKILL after 5 s, and resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}
