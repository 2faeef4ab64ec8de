/**
 * Waits `ms`, or less when `signal` aborts; removes its abort listener either way, so a loop
 * that backs off many times (a long broker outage) leaks no listeners.
 *
 * @example
 * ```ts
 * await abortableSleep(1_000, controller.signal);
 * ```
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Whether `done` resolved within `ms` (the timer is cleared either way).
 *
 * @example
 * ```ts
 * const drained = await resolvesWithin(idle.then(() => true as const), 5_000);
 * ```
 */
export async function resolvesWithin(done: Promise<true>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}
