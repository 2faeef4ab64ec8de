import { createHash } from 'node:crypto';

/** How long SQS remembers a deduplication id. */
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

/**
 * The deduplication ids a FIFO queue saw in the last 5 minutes, with the id of the message
 * each one let in. Ids are kept in the order they were first seen (so also by expiry), which
 * makes forgetting expired ones O(1) each.
 *
 * @example
 * ```ts
 * const id = DeduplicationWindow.idOf(message.body, message.deduplicationId);
 * const original = window.seen(id, now);
 * if (original === undefined) window.remember(id, messageId, now);
 * ```
 */
export class DeduplicationWindow {
  private readonly ids = new Map<
    string,
    { readonly messageId: string; readonly expiresAt: number }
  >();

  /** The given deduplication id, or the SHA-256 of the body (content-based deduplication). */
  static idOf(body: string, deduplicationId: string | undefined): string {
    return deduplicationId ?? createHash('sha256').update(body).digest('hex');
  }

  /** The message id `id` let in within the window, if any. */
  seen(id: string, now: number): string | undefined {
    for (const [key, entry] of this.ids) {
      if (entry.expiresAt > now) break;
      this.ids.delete(key);
    }
    return this.ids.get(id)?.messageId;
  }

  remember(id: string, messageId: string, now: number): void {
    this.ids.set(id, { messageId, expiresAt: now + DEDUPLICATION_WINDOW_MS });
  }
}
