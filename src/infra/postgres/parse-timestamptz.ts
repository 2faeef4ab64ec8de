const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/** Largest and smallest instants a Date can hold, for PostgreSQL's `±infinity`. */
const MAX_TIME = 8.64e15;

/**
 * Parses PostgreSQL's text output of `timestamptz` (`2026-02-01 00:00:00.123456+05:30`, BC
 * years, `±infinity`) into a Date, truncating to milliseconds. Unparseable input gives an
 * invalid Date rather than a throw, like `new Date(text)`.
 *
 * @example
 * ```ts
 * parseTimestamptz('2026-02-01 00:00:00+00').toISOString(); // '2026-02-01T00:00:00.000Z'
 * ```
 */
export function parseTimestamptz(text: string): Date {
  if (text === 'infinity') return new Date(MAX_TIME);
  if (text === '-infinity') return new Date(-MAX_TIME);
  const match = TIMESTAMP.exec(text);
  if (!match) return new Date(Number.NaN);
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offH, offM, offS, bc] =
    match;
  const fullYear = bc ? 1 - Number(year) : Number(year);
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(fullYear, Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), millis);
  if (!zulu && sign) {
    const offset = Number(offH) * 3600 + Number(offM ?? 0) * 60 + Number(offS ?? 0);
    date.setTime(date.getTime() - (sign === '-' ? -1 : 1) * offset * 1000);
  }
  return date;
}
