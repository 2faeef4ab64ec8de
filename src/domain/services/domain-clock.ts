/** Clock and id source of the use cases, injectable for deterministic tests. */
export interface DomainClock {
  /** Defaults to the system clock. */
  readonly now?: () => Date;
  /** Defaults to random UUIDs (v4). */
  readonly newId?: () => string;
}

/** Fills in the defaults of a {@link DomainClock}. */
export function resolveClock(clock: DomainClock = {}): Required<DomainClock> {
  return {
    now: clock.now ?? (() => new Date()),
    newId: clock.newId ?? (() => globalThis.crypto.randomUUID()),
  };
}
