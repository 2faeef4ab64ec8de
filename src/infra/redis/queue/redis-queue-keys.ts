/**
 * The Redis keys of one queue. All of them share the hash tag `{<prefix>q:<name>}`, so a
 * queue lives in one cluster slot; the scripts build the per-group lists (`…:gq:<group>`) and
 * deduplication keys (`…:dd:<id>`) from `base`, inside the same tag.
 */
export interface RedisQueueKeys {
  /** `{<prefix>q:<name>}`: the hash tag every key of the queue starts with. */
  readonly base: string;
  /** HASH of the queue's attributes; it exists exactly when the queue does. */
  readonly meta: string;
  /** The STREAM of messages, with the consumer group `baltra`. */
  readonly stream: string;
  /** ZSET of pending entry ids scored by the time (ms) they are visible again. */
  readonly inFlight: string;
  /** ZSET of delayed message ids scored by the time (ms) they are due. */
  readonly delayed: string;
  /** HASH of delayed message id → its packed stream fields. */
  readonly delayedPayloads: string;
  /** A STREAM of one entry that long polls block on besides the queue's stream. */
  readonly wake: string;
  /** FIFO: HASH of group id → the entry id heading the group. */
  readonly busyGroups: string;
  /** FIFO: HASH of entry id → its group, for heads. */
  readonly groupHeads: string;
}

/**
 * The keys of queue `name` under `keyPrefix`.
 *
 * @example
 * ```ts
 * redisQueueKeys('baltra:', 'leads').stream; // '{baltra:q:leads}:s'
 * ```
 */
export function redisQueueKeys(keyPrefix: string, name: string): RedisQueueKeys {
  const base = `{${keyPrefix}q:${name}}`;
  return {
    base,
    meta: `${base}:meta`,
    stream: `${base}:s`,
    inFlight: `${base}:inflight`,
    delayed: `${base}:delayed`,
    delayedPayloads: `${base}:delayed:data`,
    wake: `${base}:wake`,
    busyGroups: `${base}:busy`,
    groupHeads: `${base}:heads`,
  };
}
