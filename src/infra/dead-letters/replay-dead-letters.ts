import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { DeadLetterRecord } from '../worker/dead-letter-record.js';
import { DeadLetterError } from './dead-letter-error.js';
import { type DeadLetterMessage, UNRECORDED_REASON } from './dead-letter-message.js';
import { isPeekable } from './peekable-queue.js';
import { releaseMessages } from './release-messages.js';
import { replayCopy } from './replay-copy.js';
import { toDeadLetterMessage } from './to-dead-letter-message.js';
import { withQueueNotFound } from './with-queue-not-found.js';

const STALE_BATCHES = 3;

/** Options of {@link replayDeadLetters}. */
export interface ReplayDeadLettersOptions {
  /** The dead-letter queue. */
  readonly from: string;
  /** Where the messages go back to (usually the queue they were dead-lettered from). */
  readonly to: string;
  /** Only messages dead-lettered for this reason (`unrecorded`: those without a record). */
  readonly reason?: string;
  /** Replay at most this many messages. */
  readonly limit?: number;
  /** Read and count, send and delete nothing. */
  readonly dryRun?: boolean;
  /** Called after each batch (up to 10 messages). */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /**
   * How long received messages stay hidden while the replay lasts; default 60 s. Messages
   * left over (not matching `reason`, beyond `limit`, not sent) are made visible again when the
   * replay ends, or by the broker after this long if the process dies.
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Long poll of each receive; default 1 s. */
  readonly waitTimeSeconds?: number;
  /** Stops the replay after the batch in hand (the rest stays in the dead-letter queue). */
  readonly signal?: AbortSignal;
}

/** How far a replay got. */
export interface ReplayProgress {
  /** Distinct messages read from the dead-letter queue. */
  readonly examined: number;
  /** Of them, those matching `reason` (up to `limit`). */
  readonly matched: number;
  /** Sent to the target and deleted from the dead-letter queue. */
  readonly replayed: number;
  /** Not matching `reason`: left where they were. */
  readonly skipped: number;
  readonly failed: number;
}

/** A message a replay could not move; it is still in the dead-letter queue unless noted. */
export interface ReplayFailure {
  readonly messageId: string;
  readonly actionId?: string;
  /**
   * `BODY_TRUNCATED` (the copy's body was cut to fit the dead-letter queue: not replayable),
   * `DELETE_FAILED` (sent, but still in the dead-letter queue too: a later replay sends a
   * duplicate the worker skips by its action id), or the broker's send error code.
   */
  readonly code: string;
  readonly message: string;
  /** Whether a copy reached the target. */
  readonly sent: boolean;
}

/** One message a replay moved, or with `dryRun` would move. */
export interface ReplayedMessage {
  readonly messageId: string;
  readonly reason: string;
  readonly actionId?: string;
}

/** What a replay did. */
export interface ReplayReport extends ReplayProgress {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
  /** Moved (or, with `dryRun`, matching) messages, in the order they were read. */
  readonly messages: readonly ReplayedMessage[];
  readonly failures: readonly ReplayFailure[];
  /** Whether the whole dead-letter queue was read (not stopped by `limit` or `signal`). */
  readonly complete: boolean;
}

/**
 * Moves dead letters back to a queue: each matching message is sent to `to` as it first came
 * (body byte for byte, so its action id stays and the worker's idempotency applies it at most
 * once; the user's attributes with the moved ones put back; no dead-letter record) and deleted
 * from `from` only after the send succeeded. A crash between the send and the delete leaves a
 * duplicate, never a loss: the dead letter reappears after `visibilityTimeoutSeconds` and a
 * later replay sends it again, which the worker skips by its action id. Messages not matching
 * `reason`, beyond `limit`, whose send failed or whose body was cut when dead-lettered are left
 * in the dead-letter queue and made visible again when the replay ends (not released one by
 * one, which on SQS would hand them straight back to the next receive). Failures are reported,
 * not thrown; a missing queue is a `DeadLetterError` `QUEUE_NOT_FOUND`, `from` = `to` or a
 * `limit` below 1 `INVALID_REPLAY`.
 *
 * @example
 * ```ts
 * const report = await replayDeadLetters(queue, {
 *   from: 'leads-dlq',
 *   to: 'leads',
 *   reason: 'non_retryable_error',
 *   onProgress: ({ replayed }) => console.log(`${replayed} replayed`),
 * });
 * if (report.failed > 0) process.exitCode = 1;
 * ```
 */
export async function replayDeadLetters(
  queue: MessageQueue,
  options: ReplayDeadLettersOptions,
): Promise<ReplayReport> {
  const { from, to, reason, limit, signal } = options;
  if (from === to) {
    throw new DeadLetterError('INVALID_REPLAY', `cannot replay ${from} onto itself`, {
      queue: from,
    });
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new DeadLetterError('INVALID_REPLAY', `limit must be a whole number of at least 1`);
  }
  const dryRun = options.dryRun ?? false;
  const held = new Map<string, string>();
  const moved: ReplayedMessage[] = [];
  const failures: ReplayFailure[] = [];
  const counts = { examined: 0, matched: 0, replayed: 0, skipped: 0 };
  const progress = (): ReplayProgress => ({ ...counts, failed: failures.length });
  const brokerRecords = await readBrokerRecords(queue, from);
  let complete = false;
  let stale = 0;
  try {
    while (!signal?.aborted && (limit === undefined || counts.matched < limit)) {
      const batch = await withQueueNotFound(from, () =>
        queue.receive(from, {
          maxMessages: Math.min(10, limit === undefined ? 10 : limit - counts.matched),
          visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
          waitTimeSeconds: options.waitTimeSeconds ?? 1,
        }),
      );
      const fresh = batch.filter((message) => !held.has(message.messageId));
      for (const message of batch) held.set(message.messageId, message.receiptHandle);
      if (batch.length === 0) {
        complete = true;
        break;
      }
      // Only messages left over earlier, back after their visibility timeout: a few such
      // batches in a row mean every message has been seen.
      if (fresh.length === 0) {
        stale += 1;
        if (stale >= STALE_BATCHES) {
          complete = true;
          break;
        }
        continue;
      }
      stale = 0;
      const toSend: DeadLetterMessage[] = [];
      for (const received of fresh) {
        const message = toDeadLetterMessage(received, brokerRecords.get(received.messageId));
        const why = message.record?.reason ?? UNRECORDED_REASON;
        if (limit !== undefined && counts.matched >= limit) continue;
        counts.examined += 1;
        if (reason !== undefined && why !== reason) {
          counts.skipped += 1;
          continue;
        }
        counts.matched += 1;
        const entry = {
          messageId: message.messageId,
          reason: why,
          ...(message.record?.action_id === undefined
            ? {}
            : { actionId: message.record.action_id }),
        };
        if (message.record?.body_truncated) {
          failures.push({
            ...entry,
            code: 'BODY_TRUNCATED',
            message: `its body was cut to fit the dead-letter queue (${message.record.body_truncated.original_bytes} bytes before)`,
            sent: false,
          });
        } else if (dryRun) {
          moved.push(entry);
        } else {
          toSend.push(message);
        }
      }
      if (toSend.length > 0) await sendThenDelete(queue, options, toSend, held, moved, failures);
      counts.replayed = dryRun ? 0 : moved.length;
      options.onProgress?.(progress());
    }
  } finally {
    await releaseMessages(queue, from, [...held.values()]);
  }
  return { from, to, dryRun, ...progress(), messages: moved, failures, complete };
}

/** Sends one batch to the target, then deletes from the dead-letter queue what was sent. */
async function sendThenDelete(
  queue: MessageQueue,
  { from, to }: ReplayDeadLettersOptions,
  messages: readonly DeadLetterMessage[],
  held: Map<string, string>,
  moved: ReplayedMessage[],
  failures: ReplayFailure[],
): Promise<void> {
  const byId = new Map(messages.map((message) => [message.messageId, message]));
  const entryOf = (message: DeadLetterMessage): ReplayedMessage => ({
    messageId: message.messageId,
    reason: message.record?.reason ?? UNRECORDED_REASON,
    ...(message.record?.action_id === undefined ? {} : { actionId: message.record.action_id }),
  });
  const outcome = await withQueueNotFound(to, () =>
    queue.send(
      to,
      messages.map((message) => replayCopy(message, to)),
    ),
  );
  for (const failed of outcome.failed) {
    const message = byId.get(failed.id);
    if (message === undefined) continue;
    failures.push({ ...entryOf(message), code: failed.code, message: failed.message, sent: false });
  }
  const sent = outcome.sent.flatMap(({ id }) => {
    const handle = held.get(id);
    return handle === undefined ? [] : [{ id, handle }];
  });
  if (sent.length === 0) return;
  const deleted = await withQueueNotFound(from, () =>
    queue.delete(
      from,
      sent.map(({ handle }) => handle),
    ),
  );
  const gone = new Set(deleted.succeeded);
  for (const { id, handle } of sent) {
    const message = byId.get(id) as DeadLetterMessage;
    if (gone.has(handle)) {
      held.delete(id);
      moved.push(entryOf(message));
    } else {
      const why = deleted.failed.find((failed) => failed.id === handle);
      failures.push({
        ...entryOf(message),
        code: 'DELETE_FAILED',
        message: `sent to ${to}, but still in ${from}${why ? ` (${why.code})` : ''}: a later replay sends a duplicate, which the worker skips by its action id`,
        sent: true,
      });
    }
  }
}

/** Redis keeps the record of messages it moved itself outside their attributes: read it. */
async function readBrokerRecords(
  queue: MessageQueue,
  from: string,
): Promise<ReadonlyMap<string, DeadLetterRecord>> {
  const records = new Map<string, DeadLetterRecord>();
  if (!isPeekable(queue)) return records;
  const peeked = await withQueueNotFound(from, async () => queue.peek(from, 10_000));
  for (const entry of peeked) {
    const record = entry.deadLetter;
    if (typeof record === 'object' && record !== null && 'reason' in record) {
      records.set(entry.messageId, record as DeadLetterRecord);
    }
  }
  return records;
}
