import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from '../../src/infra/postgres/parse-timestamptz.js';

const iso = (text: string) => parseTimestamptz(text).toISOString();

describe('parseTimestamptz', () => {
  it('parses PostgreSQL ISO output with hour, minute and second offsets', () => {
    expect(iso('2026-02-01 00:00:00+00')).toBe('2026-02-01T00:00:00.000Z');
    expect(iso('2026-02-01 05:30:00+05:30')).toBe('2026-02-01T00:00:00.000Z');
    expect(iso('2026-01-31 19:00:00-05')).toBe('2026-02-01T00:00:00.000Z');
    expect(iso('1900-01-01 00:00:00+00:09:21')).toBe('1899-12-31T23:50:39.000Z');
    expect(iso('2026-02-01T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
  });

  it('truncates fractions to milliseconds', () => {
    expect(iso('2026-02-01 00:00:00.123456+00')).toBe('2026-02-01T00:00:00.123Z');
    expect(iso('2026-02-01 00:00:00.5+00')).toBe('2026-02-01T00:00:00.500Z');
  });

  it('keeps years below 100 and BC years', () => {
    expect(parseTimestamptz('0099-06-01 00:00:00+00').getUTCFullYear()).toBe(99);
    expect(parseTimestamptz('0001-01-01 00:00:00+00 BC').getUTCFullYear()).toBe(0);
  });

  it('maps ±infinity to the extreme Dates and garbage to an invalid Date', () => {
    expect(parseTimestamptz('infinity').getTime()).toBe(8.64e15);
    expect(parseTimestamptz('-infinity').getTime()).toBe(-8.64e15);
    expect(Number.isNaN(parseTimestamptz('yesterday').getTime())).toBe(true);
  });
});
