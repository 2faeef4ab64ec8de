/** What the schedule orders: a time, a tie-breaker, and the entry's own index in the heap. */
export interface Scheduled {
  /** When the entry becomes visible (ms since the epoch). */
  visibleAt: number;
  /** Tie-breaker of equal `visibleAt`s: scheduling order. */
  seq: number;
  /** Position in the heap; -1 when not scheduled. */
  heapIndex: number;
}

/**
 * A binary min-heap of delayed and in-flight messages by `visibleAt`, then `seq`. Each entry
 * knows its index, so a delete or visibility change takes it out in O(log n) instead of
 * leaving a stale entry that would keep the message in memory until its time came.
 *
 * @example
 * ```ts
 * const schedule = new VisibilitySchedule<QueuedMessage>();
 * schedule.push(message);
 * if ((schedule.peek()?.visibleAt ?? Infinity) <= now) schedule.remove(schedule.peek()!);
 * ```
 */
export class VisibilitySchedule<T extends Scheduled> {
  private readonly items: T[] = [];

  peek(): T | undefined {
    return this.items[0];
  }

  push(entry: T): void {
    entry.heapIndex = this.items.length;
    this.items.push(entry);
    this.up(entry.heapIndex);
  }

  /** Takes `entry` out; does nothing when it is not in the heap. */
  remove(entry: T): void {
    const index = entry.heapIndex;
    if (index < 0) return;
    entry.heapIndex = -1;
    const last = this.items.pop() as T;
    if (last === entry) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.down(index);
    this.up(last.heapIndex);
  }

  clear(): void {
    for (const entry of this.items) entry.heapIndex = -1;
    this.items.length = 0;
  }

  private up(start: number): void {
    const { items } = this;
    const entry = items[start] as T;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent] as T;
      if (!before(entry, above)) break;
      items[i] = above;
      above.heapIndex = i;
      i = parent;
    }
    items[i] = entry;
    entry.heapIndex = i;
  }

  private down(start: number): void {
    const { items } = this;
    const entry = items[start] as T;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && before(items[right] as T, items[left] as T) ? right : left;
      const below = items[child] as T;
      if (!before(below, entry)) break;
      items[i] = below;
      below.heapIndex = i;
      i = child;
    }
    items[i] = entry;
    entry.heapIndex = i;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.seq < b.seq);
}
