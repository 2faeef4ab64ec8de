import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimers } from '../../src/infra/worker/deadline-timers.js';

describe('DeadlineTimers (one timer per duration, not per deadline)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each deadline once its duration has passed, in order, and never a removed one', () => {
    // Prepare
    const timers = new DeadlineTimers(() => Date.now());
    const expired: string[] = [];
    timers.add(100, () => expired.push('a'));
    vi.advanceTimersByTime(30);
    const b = timers.add(100, () => expired.push('b'));
    timers.add(100, () => expired.push('c'));
    timers.add(50, () => expired.push('short'));

    // Act
    timers.remove(b);
    vi.advanceTimersByTime(49);
    const early = [...expired];
    vi.advanceTimersByTime(1);
    const afterShort = [...expired];
    vi.advanceTimersByTime(20);
    const afterA = [...expired];
    vi.advanceTimersByTime(30);

    // Assess
    expect(early).toEqual([]);
    expect(afterShort).toEqual(['short']);
    expect(afterA).toEqual(['short', 'a']);
    expect(expired).toEqual(['short', 'a', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps at most one timer per duration, and none once every deadline is gone', () => {
    // Prepare
    const timers = new DeadlineTimers(() => Date.now());
    const expire = vi.fn();

    // Act
    const tokens = Array.from({ length: 1_000 }, () => timers.add(300_000, expire));
    const pending = vi.getTimerCount();
    for (const token of tokens) timers.remove(token);
    timers.remove(tokens[0] as (typeof tokens)[0]); // twice: nothing happens
    vi.advanceTimersByTime(300_000);

    // Assess
    expect(pending).toBe(1);
    expect(expire).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms for a later deadline when the earliest one was removed', () => {
    // Prepare
    const timers = new DeadlineTimers(() => Date.now());
    const expired: string[] = [];
    const first = timers.add(100, () => expired.push('first'));
    vi.advanceTimersByTime(60);
    timers.add(100, () => expired.push('second'));
    timers.remove(first);

    // Act
    vi.advanceTimersByTime(40); // the first one's time: nothing due
    const atFirst = [...expired];
    vi.advanceTimersByTime(60);

    // Assess
    expect(atFirst).toEqual([]);
    expect(expired).toEqual(['second']);
  });

  it('lets a deadline added while others expire wait for its own time', () => {
    // Prepare
    const timers = new DeadlineTimers(() => Date.now());
    const expired: string[] = [];
    timers.add(10, () => {
      expired.push('outer');
      timers.add(10, () => expired.push('inner'));
    });

    // Act
    vi.advanceTimersByTime(10);
    const first = [...expired];
    const pending = vi.getTimerCount();
    vi.advanceTimersByTime(10);

    // Assess
    expect(first).toEqual(['outer']);
    expect(pending).toBe(1);
    expect(expired).toEqual(['outer', 'inner']);
  });
});
