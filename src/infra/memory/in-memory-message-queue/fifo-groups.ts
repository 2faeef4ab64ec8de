import { Deque } from './deque.js';
import type { QueuedMessage } from './queued-message.js';

interface Group {
  readonly id: string;
  readonly messages: Deque<QueuedMessage>;
  /** Its head is in flight (or hidden): nothing else of the group is delivered. */
  busy: boolean;
  /** Present in `readyGroups` (maybe as a stale entry). */
  listed: boolean;
  removed: boolean;
}

/**
 * The message groups of a FIFO queue: messages of a group wait in order behind its head, and
 * only the head of a group that is not busy is ever delivered (at most one message of a
 * group in flight). Groups whose head may be delivered are listed in the order they became
 * ready.
 *
 * @example
 * ```ts
 * groups.add(message);
 * groups.release(message); // visible: its group is listed if it is the head
 * const next = groups.next(); // the head of the first ready group, or undefined
 * ```
 */
export class FifoGroups {
  private readonly groups = new Map<string, Group>();
  private readonly readyGroups = new Deque<Group>();

  /** Puts `message` at the end of its group. */
  add(message: QueuedMessage): void {
    const id = message.groupId ?? '';
    let group = this.groups.get(id);
    if (group === undefined) {
      group = { id, messages: new Deque(), busy: false, listed: false, removed: false };
      this.groups.set(id, group);
    }
    group.messages.push(message);
  }

  /** `message` became visible: when it heads its group, the group may deliver it. */
  release(message: QueuedMessage): void {
    const group = this.groups.get(message.groupId ?? '');
    // Only a group's head is ever delivered; messages behind it just wait in the group.
    if (group === undefined || group.messages.peek() !== message) return;
    group.busy = false;
    this.list(group);
  }

  /** `message` stopped being visible: its group delivers nothing until it is released. */
  hold(message: QueuedMessage): void {
    const group = this.groups.get(message.groupId ?? '');
    if (group !== undefined) group.busy = true;
  }

  /** Takes `message` out of its group for good when it is the head; the next one may go. */
  remove(message: QueuedMessage): void {
    const group = this.groups.get(message.groupId ?? '');
    if (group === undefined || group.messages.peek() !== message) return;
    group.messages.shift();
    group.busy = false;
    if (group.messages.length === 0) {
      group.removed = true;
      this.groups.delete(group.id);
    } else {
      this.list(group);
    }
  }

  /** The visible head of the first ready group, or `undefined`; that group is unlisted. */
  next(): QueuedMessage | undefined {
    for (let group = this.readyGroups.shift(); group; group = this.readyGroups.shift()) {
      group.listed = false;
      if (group.removed || group.busy) continue;
      const head = group.messages.peek();
      if (head?.state === 'ready') return head;
    }
    return undefined;
  }

  clear(): void {
    this.groups.clear();
    this.readyGroups.clear();
  }

  private list(group: Group): void {
    if (group.listed) return;
    group.listed = true;
    this.readyGroups.push(group);
  }
}
