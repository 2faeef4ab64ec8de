/**
 * At most one run in flight per key: `run(key, fn)` starts `fn` when no run for `key` is in
 * flight, and otherwise hands back the promise of the run in flight, so concurrent callers
 * share one computation. A run that settles — fulfilled or rejected — leaves the map at once:
 * a failure reaches only the callers of that run, and the next call starts a new one.
 *
 * @example
 * ```ts
 * const flights = new SingleFlight<Profile>();
 * const profile = await flights.run(`profile:${id}`, () => fetchProfile(id));
 * ```
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** How many runs are in flight. */
  get size(): number {
    return this.flights.size;
  }

  /** Runs `fn` for `key`, or joins the run for `key` already in flight. */
  run(key: string, fn: () => Promise<T>): Promise<T> {
    const inFlight = this.flights.get(key);
    if (inFlight) return inFlight;
    const flight: Promise<T> = (async () => fn())().finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight;
  }
}
