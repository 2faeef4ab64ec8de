import type { RedisClient } from '../redis-client.js';
import { translateRedisError } from '../translate-redis-error.js';

/** How a blocking wait ended: an entry arrived, its time ran out, or it was aborted. */
export type LongPollOutcome = 'woke' | 'timeout' | 'aborted';

/** Options of {@link LongPollConnections}. */
export interface LongPollConnectionsOptions {
  /** Idle blocking connections kept for the next long poll; default 16 (more are closed). */
  readonly maxIdle?: number;
  /** Extra time the client gives a blocking read over its BLOCK before failing it; default 2 s. */
  readonly graceMs?: number;
}

interface ActiveWait {
  abort(): void;
}

/** The longest BLOCK a long poll asks for (SQS's longest wait). */
const MAX_BLOCK_MS = 20_000;
const UNBLOCK_ATTEMPTS = 5;
const UNBLOCK_PAUSE_MS = 20;

/**
 * The connections that long polls block on. A blocking `XREAD` holds its connection, so each
 * wait takes one of its own: an idle one, or a new `client.duplicate()` (no command timeout,
 * a client-side limit of BLOCK + `graceMs` instead). An abort resolves the wait at once and
 * unblocks the read on the server with `CLIENT UNBLOCK` from the main connection (the
 * connection is dropped when that does not work), so no client stays blocked. `close()` ends
 * every wait and closes every blocking connection; the main client is the caller's.
 *
 * @example
 * ```ts
 * const polls = new LongPollConnections(redis);
 * const outcome = await polls.wait(['{baltra:q:leads}:s'], ['0-0'], 1_000, signal);
 * polls.close();
 * ```
 */
export class LongPollConnections {
  private readonly idle: RedisClient[] = [];
  private readonly connections = new Set<RedisClient>();
  private readonly active = new Set<ActiveWait>();
  private readonly maxIdle: number;
  private readonly graceMs: number;
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    options: LongPollConnectionsOptions = {},
  ) {
    this.maxIdle = options.maxIdle ?? 16;
    this.graceMs = options.graceMs ?? 2_000;
  }

  /** Blocked clients right now (connections in a wait). */
  get waiting(): number {
    return this.active.size;
  }

  /**
   * Blocks until an entry newer than `ids[i]` is added to `streams[i]`, `blockMs` passed or
   * `signal` aborted. Connection failures reject with a `RedisError` (`REDIS_UNAVAILABLE`).
   */
  wait(
    streams: readonly string[],
    ids: readonly string[],
    blockMs: number,
    signal?: AbortSignal,
  ): Promise<LongPollOutcome> {
    if (this.closed || signal?.aborted) return Promise.resolve('aborted');
    const connection = this.take();
    // Sent back to back on the blocking connection: the id is that of the connection the read
    // blocks on, even after a reconnection.
    const clientId = connection.call('CLIENT', 'ID') as Promise<number>;
    clientId.catch(() => undefined);
    const read = connection.call(
      'xread',
      'COUNT',
      '1',
      'BLOCK',
      String(Math.max(1, Math.ceil(blockMs))),
      'STREAMS',
      ...streams,
      ...ids,
    );
    const started = performance.now();
    let reading = true;
    return new Promise<LongPollOutcome>((resolve, reject) => {
      let settled = false;
      const wait: ActiveWait = {
        abort: () => {
          if (settled) return;
          settled = true;
          done();
          resolve('aborted');
          void this.unblock(connection, clientId, () => reading);
        },
      };
      const onAbort = () => wait.abort();
      const done = () => {
        this.active.delete(wait);
        signal?.removeEventListener('abort', onAbort);
      };
      this.active.add(wait);
      signal?.addEventListener('abort', onAbort, { once: true });
      read.then(
        (reply) => {
          reading = false;
          // A null reply long after BLOCK is the client's own limit: the server is not
          // answering on this connection, so it is not reused.
          const late = reply === null && performance.now() - started > blockMs + this.graceMs / 2;
          if (late) this.drop(connection);
          else this.release(connection);
          if (settled) return;
          settled = true;
          done();
          resolve(reply === null ? 'timeout' : 'woke');
        },
        (error: unknown) => {
          reading = false;
          this.drop(connection);
          if (settled) return;
          settled = true;
          done();
          reject(translateRedisError(error, 'XREAD BLOCK', streams[0]));
        },
      );
    });
  }

  /** Ends every wait (they resolve `'aborted'`) and closes every blocking connection. */
  close(): void {
    this.closed = true;
    for (const wait of [...this.active]) wait.abort();
    for (const connection of [...this.connections]) this.drop(connection);
    this.idle.length = 0;
  }

  private take(): RedisClient {
    const reused = this.idle.pop();
    if (reused !== undefined) return reused;
    const name = (this.client.options.connectionName ?? 'baltra').concat(':long-poll');
    const connection = this.client.duplicate({
      commandTimeout: undefined,
      // The client's own limit: BLOCK + grace for a read on the wire; this for one that waits
      // for the connection (it must outlast the longest BLOCK, 20 s).
      blockingTimeout: MAX_BLOCK_MS + this.graceMs,
      blockingTimeoutGrace: this.graceMs,
      connectionName: name,
    });
    connection.on('error', () => undefined);
    this.connections.add(connection);
    return connection;
  }

  private release(connection: RedisClient): void {
    if (!this.connections.has(connection)) return;
    if (this.closed || this.idle.length >= this.maxIdle) this.drop(connection);
    else this.idle.push(connection);
  }

  private drop(connection: RedisClient): void {
    this.connections.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    connection.disconnect();
  }

  /** Unblocks an abandoned read on the server; drops its connection when that fails. */
  private async unblock(
    connection: RedisClient,
    clientId: Promise<number>,
    reading: () => boolean,
  ): Promise<void> {
    try {
      const id = await clientId;
      for (let attempt = 0; attempt < UNBLOCK_ATTEMPTS && reading(); attempt += 1) {
        // 1: it was blocked and is not any more; 0: the read has not reached the server yet.
        if ((await this.client.call('CLIENT', 'UNBLOCK', String(id))) === 1) return;
        await new Promise((resolve) => setTimeout(resolve, UNBLOCK_PAUSE_MS));
      }
    } catch {
      // The main connection is down too: dropping the blocking one is all that is left.
    }
    if (reading()) this.drop(connection);
  }
}
