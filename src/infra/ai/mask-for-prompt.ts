import { maskId } from '../../shared/pii/mask-id.js';
import { maskSensitiveText } from '../../shared/pii/mask-sensitive-text.js';

// Mexican CURP (18) and RFC (12–13): the personal ids recruiters paste into notes. Bare digit
// runs (an NSS, an INE number) are ids only next to a label, hence LABELLED_ID.
const CURP = /(?<![A-Za-z0-9])[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d(?![A-Za-z0-9])/gi;
const RFC = /(?<![A-Za-z0-9])[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}(?![A-Za-z0-9])/gi;
const LABELLED_ID =
  /\b(curp|rfc|nss|ine|ife|dni|ssn|passport|pasaporte|c[eé]dula|clave de elector|id)\b(\s*(?:no\.?|n[uú]m(?:ero)?\.?|#)?\s*[:=#]?\s*)(?=[A-Z-]*\d)([A-Z0-9][A-Z0-9-]{4,24})(?![A-Za-z0-9])/gi;

/**
 * Masks what must not reach a model in free text: secrets, emails and phone numbers (the
 * SDK's `maskSensitiveText`, emails as `***e.com`) and personal ids — CURP and RFC wherever
 * they appear, other ids (NSS, INE, passport …) when a label names them (`NSS: 12345678901`
 * → `NSS: ***8901`). Names in free text cannot be recognised reliably and are left.
 *
 * @example
 * ```ts
 * maskForPrompt('Ana (ana@example.com, +5215512345678), CURP LOAA900101MDFPNN09');
 * // 'Ana (***e.com, +52*********78), CURP ***NN09'
 * ```
 */
export function maskForPrompt(text: string): string {
  return maskSensitiveText(text, { emailStyle: 'tail' })
    .replace(
      LABELLED_ID,
      (_match, label: string, gap: string, id: string) => `${label}${gap}${maskId(id)}`,
    )
    .replace(CURP, (id) => maskId(id))
    .replace(RFC, (id) => maskId(id));
}
