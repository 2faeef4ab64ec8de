/** How the dead-letter tools read a dead-letter queue (every option has a default). */
export interface DeadLetterReadOptions {
  /** Read at most this many messages; default 1,000. */
  readonly limit?: number;
  /**
   * Read through the adapter's `peek` when it has one (`InMemoryMessageQueue`,
   * `RedisMessageQueue`): nothing is received or counted as a delivery; default `true`.
   */
  readonly peek?: boolean;
  /**
   * Without `peek`, messages are received and hidden this long while the read lasts, then
   * made visible again at once; default 30 s (also the most a crashed read hides them).
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Long poll of each receive, how long an empty queue is waited on; default 1 s (0–20). */
  readonly waitTimeSeconds?: number;
}

/** The defaults of {@link DeadLetterReadOptions}, resolved. */
export function resolveReadOptions(
  options: DeadLetterReadOptions,
): Required<DeadLetterReadOptions> {
  const limit = options.limit ?? 1_000;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  }
  return {
    limit,
    peek: options.peek ?? true,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    waitTimeSeconds: options.waitTimeSeconds ?? 1,
  };
}
