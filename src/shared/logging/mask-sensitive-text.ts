// Lookbehinds anchor each pattern at the start of a token, keeping scans linear on long text.
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]+):([^\s/?#@]+)@/gi;
const QUERY_SECRET =
  /([?&](?:access_token|refresh_token|id_token|token|api_key|apikey|key|secret|client_secret|password|signature|sig)=)[^&#\s]+/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
const E164 = /(?<![\w+])\+\d{8,15}(?![\w-]|\.\d)/g;
// Digit groups joined by mandatory separators, so each text parses one way (no backtracking
// blow-up); bare digit runs without `+` are ids, amounts or timestamps, not phones.
const FORMATTED_PHONE =
  /(?<![\w.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,10}(?:[ .-]\d{1,10}){1,6}(?![\w:-]|\.\d)/g;
const DATE_LIKE = /^(?:\d{4}[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{4})$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** What {@link maskSensitiveText} hides. */
export interface MaskTextOptions {
  /** Also mask emails and phone numbers; default `true`. Credentials are always masked. */
  readonly maskPii?: boolean;
}

/**
 * Masks secrets and PII inside free text: passwords in URLs (`postgres://app:***@db`),
 * secret query parameters and `Bearer` tokens (`[REDACTED]`) always; with `maskPii` (the
 * default) emails keep their first letter and domain (`a***@example.com`) and phone numbers
 * (E.164, or formatted with separators, 8–15 digits) keep only the last two digits, plus the
 * `+` and two leading digits of an international number (`+52*********78`).
 *
 * @example
 * ```ts
 * maskSensitiveText('call +5215512345678 or mail ana.lopez@example.com');
 * // 'call +52*********78 or mail a***@example.com'
 * ```
 */
export function maskSensitiveText(text: string, options: MaskTextOptions = {}): string {
  let masked = text
    .replace(URL_CREDENTIALS, '$1$2:***@')
    .replace(QUERY_SECRET, '$1[REDACTED]')
    .replace(AUTH_SCHEME, '$1 [REDACTED]');
  if (options.maskPii === false) return masked;
  masked = masked.replace(EMAIL, (match, domain: string) => `${match[0]}***@${domain}`);
  masked = masked.replace(E164, maskPhone);
  return masked.replace(FORMATTED_PHONE, maskPhone);
}

function maskPhone(match: string): string {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return match;
  if (DATE_LIKE.test(match) || IPV4.test(match)) return match;
  const separators = match.replace(/[\d+]/g, '');
  if (/^\.+$/.test(separators) && separators.length < 2) return match;
  const international = match.startsWith('+');
  const kept = international ? 2 : 0;
  const head = international ? `+${digits.slice(0, kept)}` : '';
  return `${head}${'*'.repeat(digits.length - kept - 2)}${digits.slice(-2)}`;
}
