/** What {@link DeadlineTimers.add} returns, to remove the deadline again. */
export interface DeadlineToken {
  /** When it is (or was) due, on the timers' clock. */
  readonly dueAt: number;
}

interface Link extends DeadlineToken {
  readonly expire: () => void;
  readonly list: DeadlineList;
  prev: Link | undefined;
  next: Link | undefined;
}

/**
 * Deadlines of one duration, in the order they were set: each is due `durationMs` after it
 * was added, so the list is sorted by due time and only its head needs a timer.
 */
class DeadlineList {
  private head: Link | undefined;
  private tail: Link | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The timer keeps the process alive only while deadlines wait (as one timer each did). */
  private referenced = false;

  constructor(
    private readonly durationMs: number,
    private readonly clock: () => number,
  ) {}

  add(expire: () => void): Link {
    const link: Link = {
      dueAt: this.clock() + this.durationMs,
      expire,
      list: this,
      prev: this.tail,
      next: undefined,
    };
    if (this.tail === undefined) this.head = link;
    else this.tail.next = link;
    this.tail = link;
    if (this.timer === undefined) this.arm(this.durationMs);
    else if (!this.referenced) {
      this.timer.ref();
      this.referenced = true;
    }
    return link;
  }

  remove(link: Link): void {
    if (link.prev === undefined) {
      if (this.head !== link) return; // removed already
      this.head = link.next;
    } else link.prev.next = link.next;
    if (link.next === undefined) this.tail = link.prev;
    else link.next.prev = link.prev;
    link.prev = undefined;
    link.next = undefined;
    // The timer is left to fire (it finds nothing due, or re-arms for the new head) rather
    // than cleared and set again per action; an idle list does not keep the process alive.
    if (this.head === undefined && this.timer !== undefined && this.referenced) {
      this.timer.unref();
      this.referenced = false;
    }
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.fire(), ms);
    this.referenced = true;
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock();
    for (let link = this.head; link !== undefined && link.dueAt <= now; link = this.head) {
      this.remove(link);
      link.expire();
    }
    // An `expire` may have added a deadline, and with it armed the timer again.
    if (this.head !== undefined && this.timer === undefined) {
      this.arm(Math.max(1, Math.ceil(this.head.dueAt - now)));
    }
  }
}

/**
 * Handler deadlines without a timer each: one list per duration (the tier timeouts, so a
 * handful), each with one timer for its earliest deadline. Adding and removing are O(1) and
 * allocate one small record: no `Timeout` object and no async resource per action.
 *
 * @example
 * ```ts
 * const timers = new DeadlineTimers();
 * const token = timers.add(30_000, () => controller.abort());
 * timers.remove(token); // the work finished in time
 * ```
 */
export class DeadlineTimers {
  private readonly lists = new Map<number, DeadlineList>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Calls `expire` once `durationMs` have passed, unless the deadline is removed first. */
  add(durationMs: number, expire: () => void): DeadlineToken {
    let list = this.lists.get(durationMs);
    if (list === undefined) {
      list = new DeadlineList(durationMs, this.clock);
      this.lists.set(durationMs, list);
    }
    return list.add(expire);
  }

  /** Removes a deadline (nothing happens if it passed or was removed already). */
  remove(token: DeadlineToken): void {
    const link = token as Link;
    link.list.remove(link);
  }
}
