import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import {
  type DeadLetterMessage,
  deadLetteredAt,
  UNRECORDED_REASON,
} from './dead-letter-message.js';
import { type DeadLetterReadOptions, resolveReadOptions } from './dead-letter-read-options.js';
import { readDeadLetters } from './read-dead-letters.js';

/** Options of {@link listDeadLetters}. */
export interface ListDeadLettersOptions extends DeadLetterReadOptions {
  /** Message ids shown per reason; default 3. */
  readonly samplesPerReason?: number;
  /** The clock ages are measured on; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** One dead letter's age. */
export interface DeadLetterAge {
  readonly messageId: string;
  readonly deadLetteredAt: Date;
  readonly ageSeconds: number;
}

/** What a dead-letter queue holds, by reason, error code and source queue. */
export interface DeadLetterSummary {
  readonly queue: string;
  /** Messages read (at most the `limit`). */
  readonly read: number;
  /** Whether the whole queue was read (`false`: the limit stopped the read). */
  readonly complete: boolean;
  /** Most frequent first; messages without a record count as `unrecorded`. */
  readonly byReason: readonly {
    readonly reason: string;
    readonly count: number;
    /** Ids of a few of them, for `showDeadLetter({ id })`. */
    readonly sampleIds: readonly string[];
  }[];
  readonly byErrorCode: readonly { readonly errorCode: string; readonly count: number }[];
  readonly bySourceQueue: readonly { readonly sourceQueue: string; readonly count: number }[];
  readonly oldest?: DeadLetterAge;
  readonly newest?: DeadLetterAge;
}

/**
 * Summarises a dead-letter queue without taking anything off it: how many messages, counted by
 * reason, error code and source queue (most frequent first), with a few message ids per reason
 * and the oldest and newest dead letter's age. Reads through the adapter's `peek` when it has
 * one, else receives every message with a short visibility timeout and makes each visible
 * again at once (see {@link DeadLetterReadOptions}); never deletes. Both record formats are
 * read (one `baltra.dead_letter` attribute, or the six attributes of older workers). A
 * missing queue is a `DeadLetterError` `QUEUE_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const summary = await listDeadLetters(queue, 'leads-dlq', { limit: 500 });
 * for (const { reason, count } of summary.byReason) console.log(reason, count);
 * console.log(summary.oldest?.ageSeconds);
 * ```
 */
export async function listDeadLetters(
  queue: MessageQueue,
  deadLetterQueue: string,
  options: ListDeadLettersOptions = {},
): Promise<DeadLetterSummary> {
  const read = resolveReadOptions(options);
  const samples = options.samplesPerReason ?? 3;
  const now = (options.now ?? (() => new Date()))();
  const { messages, complete } = await readDeadLetters(queue, deadLetterQueue, read);
  const reasons = new Map<string, { count: number; sampleIds: string[] }>();
  const codes = new Map<string, number>();
  const sources = new Map<string, number>();
  let oldest: DeadLetterMessage | undefined;
  let newest: DeadLetterMessage | undefined;
  for (const message of messages) {
    const reason = message.record?.reason ?? UNRECORDED_REASON;
    const entry = reasons.get(reason) ?? { count: 0, sampleIds: [] };
    entry.count += 1;
    if (entry.sampleIds.length < samples) entry.sampleIds.push(message.messageId);
    reasons.set(reason, entry);
    const code = message.record?.error_code ?? UNRECORDED_REASON;
    codes.set(code, (codes.get(code) ?? 0) + 1);
    const source = message.record?.source_queue || UNRECORDED_REASON;
    sources.set(source, (sources.get(source) ?? 0) + 1);
    const at = deadLetteredAt(message).getTime();
    if (oldest === undefined || at < deadLetteredAt(oldest).getTime()) oldest = message;
    if (newest === undefined || at > deadLetteredAt(newest).getTime()) newest = message;
  }
  const age = (message: DeadLetterMessage): DeadLetterAge => {
    const at = deadLetteredAt(message);
    return {
      messageId: message.messageId,
      deadLetteredAt: at,
      ageSeconds: Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000)),
    };
  };
  return {
    queue: deadLetterQueue,
    read: messages.length,
    complete,
    byReason: sorted(reasons, (reason, { count, sampleIds }) => ({ reason, count, sampleIds })),
    byErrorCode: sorted(codes, (errorCode, count) => ({ errorCode, count })),
    bySourceQueue: sorted(sources, (sourceQueue, count) => ({ sourceQueue, count })),
    ...(oldest === undefined ? {} : { oldest: age(oldest) }),
    ...(newest === undefined ? {} : { newest: age(newest) }),
  };
}

/** Entries most frequent first, then by name. */
function sorted<V, T extends { readonly count: number }>(
  map: ReadonlyMap<string, V>,
  toEntry: (key: string, value: V) => T,
): T[] {
  return [...map]
    .map(([key, value]) => ({ key, entry: toEntry(key, value) }))
    .sort((a, b) => b.entry.count - a.entry.count || a.key.localeCompare(b.key))
    .map(({ entry }) => entry);
}
