/** What the buffer needs to know of an entry: its FIFO message group, if any. */
export interface Grouped {
  readonly message: { readonly groupId?: string | undefined };
}

/**
 * The messages a worker received from one queue and has not started yet, in order. On FIFO
 * queues a receive may hand out several messages of one group: a group's messages run one at
 * a time, in order, so `take` skips a message while an earlier one of its group runs.
 *
 * @example
 * ```ts
 * const buffer = new QueueBuffer<Held>(true);
 * buffer.push(held);
 * const next = buffer.take(); // marks its group busy until done(next)
 * buffer.done(next);
 * ```
 */
export class QueueBuffer<T extends Grouped> {
  private entries: T[] = [];
  private head = 0;
  private readonly busyGroups = new Set<string>();

  constructor(readonly fifo: boolean) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  push(entry: T): void {
    this.entries.push(entry);
  }

  /** Whether `take` would return something. */
  hasReady(): boolean {
    if (!this.fifo || this.busyGroups.size === 0) return this.size > 0;
    return this.readyIndex() !== -1;
  }

  /** The next entry that may start, marking its group busy; `undefined` when none may. */
  take(): T | undefined {
    const index = !this.fifo || this.busyGroups.size === 0 ? this.head : this.readyIndex();
    if (index === -1 || index >= this.entries.length) return undefined;
    let entry: T | undefined;
    if (index === this.head) {
      entry = this.entries[index];
      this.head += 1;
    } else {
      entry = this.entries.splice(index, 1)[0];
    }
    this.compact();
    const group = entry?.message.groupId;
    if (this.fifo && group !== undefined) this.busyGroups.add(group);
    return entry;
  }

  /** The entry finished: later messages of its group may start. */
  done(entry: T): void {
    const group = entry.message.groupId;
    if (this.fifo && group !== undefined) this.busyGroups.delete(group);
  }

  /** Removes and returns the waiting messages of `entry`'s group (FIFO only), in order. */
  removeGroupOf(entry: T): T[] {
    const group = entry.message.groupId;
    if (!this.fifo || group === undefined) return [];
    const removed: T[] = [];
    for (let index = this.entries.length - 1; index >= this.head; index -= 1) {
      const candidate = this.entries[index] as T;
      if (candidate.message.groupId === group) {
        removed.unshift(candidate);
        this.entries.splice(index, 1);
      }
    }
    this.compact();
    return removed;
  }

  /** Removes and returns every waiting entry. */
  removeAll(): T[] {
    const waiting = this.entries.slice(this.head);
    this.entries = [];
    this.head = 0;
    return waiting;
  }

  /** The waiting entries (a copy). */
  waiting(): T[] {
    return this.entries.slice(this.head);
  }

  private readyIndex(): number {
    for (let index = this.head; index < this.entries.length; index += 1) {
      const group = (this.entries[index] as T).message.groupId;
      if (group === undefined || !this.busyGroups.has(group)) return index;
    }
    return -1;
  }

  private compact(): void {
    if (this.head >= this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
