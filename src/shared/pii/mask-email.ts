/**
 * How {@link maskEmail} masks an address:
 * - `'tail'` (the source systems' sanitiser rule, for anything sent to a third party): only
 *   the last five characters of the domain stay, `ana.lopez@example.com` → `***e.com`;
 * - `'keep-domain'` (the logger's rule): the first letter and the domain stay,
 *   `a***@example.com`, so logs still tell which provider bounced a message.
 */
export type EmailMaskStyle = 'tail' | 'keep-domain';

/** Options of {@link maskEmail}. */
export interface MaskEmailOptions {
  /** Default `'tail'`. */
  readonly style?: EmailMaskStyle;
}

const TAIL_LENGTH = 5;

/**
 * Masks one email address. The local part is never shown beyond its first letter; with the
 * default `'tail'` style only the last five characters of the domain remain (never more than
 * the domain itself, so `a@b.co` → `***b.co`). A value without `@` is masked whole (`***`):
 * it was handed over as an email, so it is treated as one.
 *
 * @example
 * ```ts
 * maskEmail('ana.lopez@example.com');                          // '***e.com'
 * maskEmail('ana.lopez@example.com', { style: 'keep-domain' }); // 'a***@example.com'
 * ```
 */
export function maskEmail(address: string, options: MaskEmailOptions = {}): string {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return '***';
  const domain = address.slice(at + 1);
  if (options.style === 'keep-domain') return `${address[0]}***@${domain}`;
  return `***${domain.slice(-Math.min(TAIL_LENGTH, domain.length))}`;
}
