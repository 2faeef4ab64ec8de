/**
 * Whether `value` is an integer from `min` to `max`.
 *
 * @example
 * ```ts
 * isWithin(delaySeconds, 0, 900);
 * ```
 */
export function isWithin(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Throws a `RangeError` naming the option unless `value` is an integer from `min` to `max`.
 *
 * @example
 * ```ts
 * checkRange('maxMessages', maxMessages, 1, 10);
 * ```
 */
export function checkRange(name: string, value: number, min: number, max: number): void {
  if (!isWithin(value, min, max)) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
