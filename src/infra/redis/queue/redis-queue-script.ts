import { RedisScript } from '../redis-script.js';

/** The atomic operations of `RedisMessageQueue`, one Lua file each (under `queue/`). */
export type RedisQueueScriptName = 'send' | 'receive' | 'delete' | 'changeVisibility' | 'create';

const FILES: Readonly<Record<RedisQueueScriptName, string>> = {
  send: 'queue/send.lua',
  receive: 'queue/receive.lua',
  delete: 'queue/delete.lua',
  changeVisibility: 'queue/change-visibility.lua',
  create: 'queue/create-queue.lua',
};

const scripts = new Map<RedisQueueScriptName, RedisScript>();

/**
 * The script of one queue operation, loaded (hashed) on first use and run by SHA.
 *
 * @example
 * ```ts
 * await redisQueueScript('delete').run(redis, keys, args);
 * ```
 */
export function redisQueueScript(name: RedisQueueScriptName): RedisScript {
  let script = scripts.get(name);
  if (script === undefined) {
    script = new RedisScript(FILES[name]);
    scripts.set(name, script);
  }
  return script;
}
