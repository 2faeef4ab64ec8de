/**
 * A growable ring buffer: O(1) push, shift and peek (no `Array.shift` on long queues).
 *
 * @example
 * ```ts
 * const deque = new Deque<number>();
 * deque.push(1);
 * deque.shift(); // 1
 * ```
 */
export class Deque<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) % this.items.length] = item;
    this.size += 1;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.size -= 1;
    return item;
  }

  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** O(n); only for the rare abort of a long poll. */
  remove(item: T): void {
    const kept: T[] = [];
    for (let next = this.shift(); next !== undefined; next = this.shift()) {
      if (next !== item) kept.push(next);
    }
    for (const next of kept) this.push(next);
  }

  clear(): void {
    this.items = new Array(16);
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const items: (T | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.size; i += 1)
      items[i] = this.items[(this.head + i) % this.items.length];
    this.items = items;
    this.head = 0;
  }
}
