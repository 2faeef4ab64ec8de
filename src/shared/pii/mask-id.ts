/** Ids shorter than this are masked whole: their last four characters would be most of them. */
const MIN_LENGTH_TO_KEEP_TAIL = 8;
const TAIL_LENGTH = 4;

/**
 * Masks a personal identifier (national id, tax id, passport or document number) by the
 * source systems' sanitiser rule: `***` and the last four characters (`1234567890` →
 * `***7890`). Ids shorter than eight characters are masked whole (`***`). Numbers are
 * accepted as well (ids stored as integers); surrounding whitespace is ignored.
 *
 * Meant for values known to be personal ids (see `sanitise`, which applies it to keys such
 * as `nationalId`, `citizenId`, `curp`, `rfc`, `passport`); internal surrogate keys such as a
 * candidate's UUID are not PII and are better left readable.
 *
 * @example
 * ```ts
 * maskId('1234567890'); // '***7890'
 * maskId(1234567890);   // '***7890'
 * maskId('A12');        // '***'
 * ```
 */
export function maskId(id: string | number | bigint): string {
  const text = String(id).trim();
  if (text.length < MIN_LENGTH_TO_KEEP_TAIL) return '***';
  return `***${text.slice(-TAIL_LENGTH)}`;
}
