import { InvalidPiiOptionError } from './invalid-pii-option-error.js';

/** `value` when it is an integer ≥ `min`; otherwise an {@link InvalidPiiOptionError} naming `option`. */
export function requireWholeNumber(option: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidPiiOptionError(option, value, `an integer ≥ ${min}`);
  }
  return value;
}
