/** What a receipt handle of `RedisMessageQueue` names: one delivery of one stream entry. */
export interface RedisReceipt {
  readonly entryId: string;
  /** The entry's delivery counter at that delivery (its `receiveCount`). */
  readonly deliveries: number;
}

const HANDLE = /^(\d{1,19}-\d{1,19}):([1-9]\d{0,9})$/;

/**
 * The receipt handle of a delivery: `<entry id>:<delivery count>`. The delivery counter of the
 * consumer group's pending entry is the token: a later delivery raises it, so an older handle
 * no longer matches.
 *
 * @example
 * ```ts
 * receiptHandleOf('1767225600000-0', 2); // '1767225600000-0:2'
 * ```
 */
export function receiptHandleOf(entryId: string, deliveries: number): string {
  return `${entryId}:${deliveries}`;
}

/**
 * Reads a receipt handle; `undefined` when it is not one (a failed entry, never a call to Redis).
 *
 * @example
 * ```ts
 * parseReceiptHandle('1767225600000-0:2'); // { entryId: '1767225600000-0', deliveries: 2 }
 * ```
 */
export function parseReceiptHandle(handle: string): RedisReceipt | undefined {
  const match = HANDLE.exec(handle);
  if (match === null) return undefined;
  return { entryId: match[1] as string, deliveries: Number(match[2]) };
}
