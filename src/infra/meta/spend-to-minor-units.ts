/**
 * Converts a decimal amount as Graph reports it (`"1234.5"`) to integer minor units of the
 * currency (`123450` for MXN; `1235` for JPY, which has none), exactly — no floating point —
 * rounding half up past the currency's digits. Throws a `RangeError` on anything else.
 *
 * @example
 * ```ts
 * spendToMinorUnits('12.34', 'MXN'); // 1234
 * ```
 */
export function spendToMinorUnits(amount: string, currency: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (match === null) throw new RangeError(`not a decimal amount: ${amount}`);
  const digits = minorDigits(currency);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(digits + 1, '0');
  const kept = BigInt(`${whole}${fraction.slice(0, digits)}`);
  const roundUp = Number(fraction[digits] ?? '0') >= 5 ? 1n : 0n;
  const minor = kept + roundUp;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount too large: ${amount}`);
  return Number(minor);
}

function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    throw new RangeError(`not an ISO 4217 currency: ${currency}`);
  }
}
