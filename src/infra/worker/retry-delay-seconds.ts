/** Options of {@link retryDelaySeconds}. */
export interface RetryDelayOptions {
  /** Delay before the second delivery, before jitter; default 2 s. */
  readonly baseSeconds?: number;
  /** Ceiling of any delay; default 900 s (SQS allows up to 12 h of visibility). */
  readonly maxSeconds?: number;
  /** Source of jitter in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/**
 * How long to hide a failed message before its next delivery: exponential backoff
 * (`base × 2^(receiveCount − 1)`, capped) with "equal jitter" (half fixed, half random), so
 * retries spread out but never collapse to zero. Whole seconds, because SQS visibility
 * timeouts are whole seconds.
 *
 * @example
 * ```ts
 * retryDelaySeconds(1); // 1–2 s
 * retryDelaySeconds(3); // 4–8 s
 * ```
 */
export function retryDelaySeconds(receiveCount: number, options: RetryDelayOptions = {}): number {
  const base = options.baseSeconds ?? 2;
  const max = options.maxSeconds ?? 900;
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(receiveCount - 1, 0), 30);
  const ceiling = Math.min(max, base * 2 ** exponent);
  return Math.max(1, Math.ceil(ceiling / 2 + random() * (ceiling / 2)));
}
