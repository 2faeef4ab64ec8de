import { z } from 'zod';
import { E164_PHONE } from '../models/candidate.js';
import { parseInput } from './parse-input.js';

const COUNTRY_CODE = /^[1-9]\d{0,2}$/;
const CountryCodeSchema = z
  .string()
  .regex(COUNTRY_CODE, 'must be 1 to 3 digits, not starting with 0');
const SEPARATORS = /[\s\-.()]/g;
const NATIONAL_DIGITS = 10;

/**
 * Normalises a phone number as people type it into an E.164 string, or null when it cannot
 * be one. Spaces, dashes, dots and parentheses are dropped; a `00` prefix becomes `+`; ten
 * digits without a country code are a national number of `defaultCountryCode`; more digits
 * without `+` are taken to include their country code. The result must match `E164_PHONE`.
 * A malformed `defaultCountryCode` is a `ValidationError`.
 *
 * @example
 * ```ts
 * normalisePhone('55 1234 5678');          // '+525512345678'
 * normalisePhone('(212) 555-0100', '1');   // '+12125550100'
 * normalisePhone('0044 20 7946 0958');     // '+442079460958'
 * normalisePhone('call me');               // null
 * ```
 */
export function normalisePhone(raw: string, defaultCountryCode = '52'): string | null {
  // Called once per lead: skip zod on the common valid path, use it only to explain a failure.
  const countryCode = COUNTRY_CODE.test(defaultCountryCode)
    ? defaultCountryCode
    : parseInput('defaultCountryCode', CountryCodeSchema, defaultCountryCode);
  if (typeof raw !== 'string') return null;
  let compact = raw.replace(SEPARATORS, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  let phone: string;
  if (compact.startsWith('+')) {
    phone = compact;
  } else if (!/^\d+$/.test(compact) || compact.length < NATIONAL_DIGITS) {
    return null;
  } else if (compact.length === NATIONAL_DIGITS) {
    phone = `+${countryCode}${compact}`;
  } else {
    phone = `+${compact}`;
  }
  return E164_PHONE.test(phone) ? phone : null;
}
