/**
 * The part of an `ioredis` client (`Redis` of `ioredis` ^6) the Redis adapters use, declared
 * here so the SDK's declarations never load ioredis' own (which do not compile with
 * `skipLibCheck: false`; docs/adr/0026). An `ioredis` `Redis` fits it as it is: pass one you
 * built yourself, or the one {@link createRedisClient} opens. It is an ioredis `Redis` at run
 * time; to use a command not listed here, build the client with `new Redis(url)` and pass it.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: RedisClient = new Redis('redis://127.0.0.1:6379/0');
 * const cache = new RedisCache(client);
 * ```
 */
export interface RedisClient {
  /** The options the client was built with (the long-poll connections copy its name). */
  readonly options: { readonly connectionName?: string | undefined };
  /** Any command by name; the reply as the server sent it. */
  call(command: string, ...args: (string | number | Buffer)[]): Promise<unknown>;
  /** EVALSHA: runs a loaded script. */
  evalsha(
    sha: string,
    keyCount: number,
    ...keysAndArgs: (string | number | Buffer)[]
  ): Promise<unknown>;
  /** SCRIPT LOAD. */
  script(subcommand: 'LOAD', source: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, expiry: 'PX', milliseconds: number): Promise<unknown>;
  unlink(...keys: string[]): Promise<number>;
  exists(...keys: string[]): Promise<number>;
  scan(
    cursor: string,
    match: 'MATCH',
    pattern: string,
    count: 'COUNT',
    howMany: number,
  ): Promise<[cursor: string, keys: string[]]>;
  xrange(
    key: string,
    start: string,
    end: string,
    count: 'COUNT',
    howMany: number,
  ): Promise<[id: string, fields: string[]][]>;
  /** MULTI … EXEC, queued client-side and sent in one round trip. */
  multi(): RedisTransaction;
  ping(): Promise<string>;
  /** Connects a client built with `lazyConnect`. */
  connect(): Promise<void>;
  /** QUIT: closes the connection once the pending replies arrived. */
  quit(): Promise<unknown>;
  /** Closes the connection at once. */
  disconnect(): void;
  /** A new connection with the same options, except those given. */
  duplicate(override?: RedisConnectionOverride): RedisClient;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The commands {@link RedisClient.multi} queues (those the SDK sends in one transaction). */
export interface RedisTransaction {
  exists(key: string): RedisTransaction;
  xlen(key: string): RedisTransaction;
  zcard(key: string): RedisTransaction;
  /** Each command's `[error, reply]`, or `null` when the transaction was aborted. */
  exec(): Promise<[error: Error | null, reply: unknown][] | null>;
}

/** The connection options {@link RedisClient.duplicate} may change. */
export interface RedisConnectionOverride {
  readonly connectionName?: string;
  readonly commandTimeout?: number | undefined;
  readonly blockingTimeout?: number;
  readonly blockingTimeoutGrace?: number;
}
