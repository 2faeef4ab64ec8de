/** Fewer digits than this are masked whole: showing two of them would show too much. */
const MIN_DIGITS = 6;

/**
 * Masks one phone number: every digit becomes `*` except the last two; an international
 * number (leading `+`) also keeps its `+` and first two digits. Separators are dropped, so
 * the length of the original formatting does not leak either. Fewer than six digits (or
 * none) give `***`.
 *
 * @example
 * ```ts
 * maskPhone('+5215512345678');   // '+52*********78'
 * maskPhone('+52 (55) 1234-5678'); // '+52********78'
 * maskPhone('55 1234 5678');     // '********78'
 * ```
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return '***';
  const international = phone.trimStart().startsWith('+');
  const kept = international ? 2 : 0;
  const head = international ? `+${digits.slice(0, kept)}` : '';
  return `${head}${'*'.repeat(digits.length - kept - 2)}${digits.slice(-2)}`;
}
