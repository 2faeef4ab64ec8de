import { type EmailMaskStyle, maskEmail } from './mask-email.js';
import { maskPhone } from './mask-phone.js';

// Every pattern is anchored at the start of a token by a lookbehind and built from classes
// that cannot overlap with what follows them, so each text parses one way and scans stay
// linear on long or adversarial input (no catastrophic backtracking).
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]+):([^\s/?#@]+)@/gi;
const QUERY_SECRET =
  /([?&](?:access_token|refresh_token|id_token|token|api_key|apikey|key|secret|client_secret|password|signature|sig)=)[^&#\s]+/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
// The SDK's API keys: `<prefix>_<id>_<secret>` (see generateApiKey).
const API_KEY = /\b[a-z][a-z0-9]{1,15}_[a-z0-9]{4,32}_[A-Za-z0-9_-]{32,}/g;
const SECRET_ASSIGNMENT =
  /\b(password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key)(\s*=\s*["']?|["']\s*:\s*["'])(?!\[REDACTED\])[^\s"',;&]+/gi;
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const E164 = /(?<![\w+])\+\d{8,15}(?![\w-]|\.\d)/g;
// Digit groups joined by mandatory separators; bare digit runs without `+` are ids, amounts
// or timestamps, not phones.
const FORMATTED_PHONE =
  /(?<![\w.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,10}(?:[ .-]\d{1,10}){1,6}(?![\w:-]|\.\d)/g;
const DATE_LIKE = /^(?:\d{4}[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{4})$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** What {@link maskSensitiveText} hides, and how. */
export interface MaskTextOptions {
  /** Also mask emails and phone numbers; default `true`. Credentials are always masked. */
  readonly maskPii?: boolean;
  /** How emails are masked; default `'keep-domain'` (`a***@example.com`), see `maskEmail`. */
  readonly emailStyle?: EmailMaskStyle;
}

/**
 * Masks secrets and PII inside free text: passwords in URLs (`postgres://app:***@db`),
 * secret query parameters, `Bearer` tokens, JWT-shaped tokens, the SDK's API keys and
 * `password=…` / `"secret": "…"` assignments (`[REDACTED]`) always; with `maskPii` (the
 * default) emails (see `maskEmail`; by default the first letter and the domain stay,
 * `a***@example.com`) and phone numbers (E.164, or formatted with separators, 8–15 digits;
 * see `maskPhone`: `+52*********78`). Dates, IPv4 addresses, decimals, UUIDs and bare digit
 * runs (ids, timestamps) are left alone. Runs in linear time on any input.
 *
 * @example
 * ```ts
 * maskSensitiveText('call +5215512345678 or mail ana.lopez@example.com');
 * // 'call +52*********78 or mail a***@example.com'
 * maskSensitiveText('mail ana.lopez@example.com', { emailStyle: 'tail' });
 * // 'mail ***e.com'
 * ```
 */
export function maskSensitiveText(text: string, options: MaskTextOptions = {}): string {
  let masked = text
    .replace(URL_CREDENTIALS, '$1$2:***@')
    .replace(QUERY_SECRET, '$1[REDACTED]')
    .replace(AUTH_SCHEME, '$1 [REDACTED]')
    .replace(JWT, '[REDACTED]')
    .replace(API_KEY, '[REDACTED]')
    .replace(SECRET_ASSIGNMENT, '$1$2[REDACTED]');
  if (options.maskPii === false) return masked;
  const style = options.emailStyle ?? 'keep-domain';
  masked = masked.replace(EMAIL, (address) => maskEmail(address, { style }));
  masked = masked.replace(E164, maskPhoneInText);
  return masked.replace(FORMATTED_PHONE, maskPhoneInText);
}

/** Masks a phone-shaped match unless it is really a date, an address or a decimal. */
function maskPhoneInText(match: string): string {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 8 || digits > 15) return match;
  if (DATE_LIKE.test(match) || IPV4.test(match)) return match;
  const separators = match.replace(/[\d+]/g, '');
  if (/^\.+$/.test(separators) && separators.length < 2) return match;
  return maskPhone(match);
}
