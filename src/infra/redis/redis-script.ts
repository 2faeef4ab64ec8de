import { createHash } from 'node:crypto';
import { LUA_SOURCES } from './lua-sources.js';
import type { RedisClient } from './redis-client.js';
import { translateRedisError } from './translate-redis-error.js';

/** One argument of a script call (`ARGV`). */
export type ScriptArgument = string | number | Buffer;

/**
 * One Lua script of an adapter, called by its SHA-1 (`EVALSHA`); when the server does not
 * know it (first call, or after a restart or `SCRIPT FLUSH`) it is sent once with
 * `SCRIPT LOAD` and the call repeated. The source lives in a `.lua` file next to the adapter
 * (named by its path under `src/infra/redis`; `scripts/embed-lua.mjs` embeds them at build).
 *
 * @example
 * ```ts
 * const releaseLock = new RedisScript('locks/release-lock.lua');
 * await releaseLock.run(redis, [key], [ownerToken]);
 * ```
 */
export class RedisScript {
  readonly sha: string;
  readonly source: string;

  constructor(readonly name: string) {
    const source = LUA_SOURCES[name];
    if (source === undefined) throw new Error(`no Lua script ${name} under src/infra/redis`);
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; errors are `RedisError`s naming the script and its first key. */
  async run<T = unknown>(
    client: RedisClient,
    keys: readonly string[],
    args: readonly ScriptArgument[] = [],
  ): Promise<T> {
    try {
      return (await client.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!isNoScript(error)) throw translateRedisError(error, `script ${this.name}`, keys[0]);
    }
    try {
      await client.script('LOAD', this.source);
      return (await client.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      throw translateRedisError(error, `script ${this.name}`, keys[0]);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
