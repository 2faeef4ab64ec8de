import type { ReceiveOptions } from './message-queue.js';

/** SQS's bounds on one receive, which every `MessageQueue` adapter keeps. */
const MAX_MESSAGES = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** {@link ReceiveOptions} with defaults applied and bounds checked. */
export interface ResolvedReceiveOptions {
  /** 1–10; default 10. */
  readonly maxMessages: number;
  /** 0–20; default 0. */
  readonly waitTimeSeconds: number;
  /** 0–43,200 when given; the queue's own otherwise. */
  readonly visibilityTimeoutSeconds: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * Applies the port's defaults to receive options and throws a `RangeError` naming the option
 * that is out of SQS's bounds (maxMessages 1–10, waitTimeSeconds 0–20,
 * visibilityTimeoutSeconds 0–43,200), so every adapter refuses the same calls the same way.
 *
 * @example
 * ```ts
 * const { maxMessages, waitTimeSeconds, signal } = resolveReceiveOptions(options);
 * ```
 */
export function resolveReceiveOptions(options: ReceiveOptions): ResolvedReceiveOptions {
  const maxMessages = options.maxMessages ?? MAX_MESSAGES;
  checkRange('maxMessages', maxMessages, 1, MAX_MESSAGES);
  const waitTimeSeconds = options.waitTimeSeconds ?? 0;
  checkRange('waitTimeSeconds', waitTimeSeconds, 0, MAX_WAIT_SECONDS);
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds;
  if (visibilityTimeoutSeconds !== undefined) {
    checkRange(
      'visibilityTimeoutSeconds',
      visibilityTimeoutSeconds,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
    );
  }
  return { maxMessages, waitTimeSeconds, visibilityTimeoutSeconds, signal: options.signal };
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
