import type { Money } from '../../domain/models/ad-spend.js';
import type { ChartMeasure, ReportValue } from '../../domain/reporting/report.js';

/**
 * Formats a report value for a locale with `Intl`: grouped counts, percentages with one
 * decimal, money in its currency (from minor units), days with one decimal, or the "not
 * available" text for a null.
 *
 * @example
 * ```ts
 * formatReportValue({ kind: 'money', value: { amountMinor: 123450, currency: 'MXN' } }, 'es-MX', 'n/d');
 * // '$1,234.50'
 * ```
 */
export function formatReportValue(
  value: ReportValue,
  locale: string,
  notAvailable: string,
): string {
  switch (value.kind) {
    case 'text':
      return value.value;
    case 'count':
      return formatMeasure(value.value, 'count', locale);
    case 'percent':
      return value.value === null ? notAvailable : formatMeasure(value.value, 'percent', locale);
    case 'days':
      return value.value === null ? notAvailable : formatMeasure(value.value, 'days', locale);
    case 'money':
      return value.value === null ? notAvailable : formatMoney(value.value, locale);
  }
}

/**
 * A measure's number for a locale: money in major units of `currency`.
 *
 * @example
 * ```ts
 * formatMeasure(0.125, 'percent', 'es-MX'); // '12.5%'
 * ```
 */
export function formatMeasure(
  value: number,
  measure: ChartMeasure,
  locale: string,
  currency = 'USD',
): string {
  switch (measure) {
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'percent':
      return new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(value);
    case 'days':
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'day',
        unitDisplay: 'long',
        maximumFractionDigits: 1,
      }).format(value);
    case 'money':
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  }
}

/**
 * Money in its currency's major units, formatted for the locale.
 *
 * @example
 * ```ts
 * formatMoney({ amountMinor: 1_080_006, currency: 'MXN' }, 'en-US'); // 'MX$10,800.06'
 * ```
 */
export function formatMoney(money: Money, locale: string): string {
  return formatMeasure(toMajorUnits(money), 'money', locale, money.currency);
}

/**
 * `amountMinor` in major units: cents to pesos, yen unchanged (Intl knows the digits).
 *
 * @example
 * ```ts
 * toMajorUnits({ amountMinor: 150_000, currency: 'MXN' }); // 1500
 * ```
 */
export function toMajorUnits(money: Money): number {
  const digits =
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: money.currency,
    }).resolvedOptions().maximumFractionDigits ?? 2;
  return money.amountMinor / 10 ** digits;
}

/**
 * A date of the report's period for a locale, in UTC (the period's instants are UTC).
 *
 * @example
 * ```ts
 * formatReportDate(new Date('2026-03-01T00:00:00Z'), 'es-MX'); // '1 de marzo de 2026'
 * ```
 */
export function formatReportDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
