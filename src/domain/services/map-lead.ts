import type { RawLead } from '../models/lead.js';
import { createLeadMapper, type MapLeadOptions, type MappedLead } from './create-lead-mapper.js';

/**
 * Maps a Meta lead's form answers (`field_data`) to a candidate's fields, or explains why it
 * cannot: the name is `full_name` (or `first_name` + `last_name`), the phone `phone_number`
 * normalised to E.164 (required), the email `email` (optional, valid when given). Reasons
 * name the form field and the problem: `phone_number: missing`, `email: invalid`.
 * Malformed options are a `ValidationError`.
 *
 * @example
 * ```ts
 * const mapped = mapLeadToCandidate(lead, { companyId });
 * if (mapped.ok) await candidates.addNew([{ ...mapped.candidate, id, stage: 'applied', updatedAt: now, version: 1 }]);
 * else console.log(mapped.reasons); // ['phone_number: missing']
 * ```
 */
export function mapLeadToCandidate(lead: RawLead, options: MapLeadOptions): MappedLead {
  return createLeadMapper(options)(lead);
}
