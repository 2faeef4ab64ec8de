import { z } from 'zod';
import type { Candidate } from '../models/candidate.js';
import type { LeadField, RawLead } from '../models/lead.js';
import { normalisePhone } from './normalise-phone.js';
import { parseInput } from './parse-input.js';

/** Names of the Meta form fields that hold each answer. */
export interface LeadFieldNames {
  readonly fullName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
  readonly email: string;
}

/** Meta's standard question names. */
export const DEFAULT_LEAD_FIELD_NAMES: LeadFieldNames = {
  fullName: 'full_name',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone_number',
  email: 'email',
};

const FieldNameSchema = z.string().min(1).max(100);

export const MapLeadOptionsSchema = z.object({
  companyId: z.uuid(),
  vacancyId: z.uuid().optional(),
  /** Form field names that differ from Meta's standard ones (custom questions, other languages). */
  fieldNames: z
    .object({
      fullName: FieldNameSchema.optional(),
      firstName: FieldNameSchema.optional(),
      lastName: FieldNameSchema.optional(),
      phone: FieldNameSchema.optional(),
      email: FieldNameSchema.optional(),
    })
    .optional(),
  /** Country code for ten-digit national phone numbers; default `52` (Mexico). */
  defaultCountryCode: z
    .string()
    .regex(/^[1-9]\d{0,2}$/)
    .optional(),
});
export type MapLeadOptions = z.input<typeof MapLeadOptionsSchema>;

/** What a valid lead becomes: a candidate without id, stage, version and updatedAt. */
export type LeadCandidateFields = Omit<Candidate, 'id' | 'stage' | 'updatedAt' | 'version'> & {
  readonly metaLeadId: string;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The outcome of mapping one lead: the candidate's fields, or every reason it is invalid. */
export type MappedLead =
  | { readonly ok: true; readonly candidate: LeadCandidateFields }
  | { readonly ok: false; readonly reasons: string[] };

const missingOr = (problem: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'missing' : problem;

/**
 * Builds a mapper with validated options, for mapping many leads (validation runs once).
 *
 * @example
 * ```ts
 * const map = createLeadMapper({ companyId, fieldNames: { phone: 'telefono' } });
 * const results = page.leads.map(map);
 * ```
 */
export function createLeadMapper(options: MapLeadOptions): (lead: RawLead) => MappedLead {
  const { companyId, vacancyId, fieldNames, defaultCountryCode } = parseInput(
    'lead mapping options',
    MapLeadOptionsSchema,
    options,
  );
  const names: LeadFieldNames = {
    fullName: fieldNames?.fullName ?? DEFAULT_LEAD_FIELD_NAMES.fullName,
    firstName: fieldNames?.firstName ?? DEFAULT_LEAD_FIELD_NAMES.firstName,
    lastName: fieldNames?.lastName ?? DEFAULT_LEAD_FIELD_NAMES.lastName,
    phone: fieldNames?.phone ?? DEFAULT_LEAD_FIELD_NAMES.phone,
    email: fieldNames?.email ?? DEFAULT_LEAD_FIELD_NAMES.email,
  };
  const countryCode = defaultCountryCode ?? '52';
  const fieldOf = { name: names.fullName, phone: names.phone, email: names.email } as const;

  // The answers of one form, picked out of field_data, validated and normalised by zod.
  const AnswersSchema = z.object({
    name: z.string({ error: missingOr('invalid') }).max(200, { error: 'too long' }),
    phone: z.string({ error: missingOr('invalid') }).transform((raw, ctx) => {
      const phone = normalisePhone(raw, countryCode);
      if (phone === null) {
        ctx.addIssue({ code: 'custom', message: 'invalid', input: raw });
        return z.NEVER;
      }
      return phone;
    }),
    email: z.email({ error: 'invalid' }).max(254, { error: 'too long' }).optional(),
  });
  const answersOf = (fields: readonly LeadField[]) => {
    const answer = (name: string) => firstAnswer(fields, name);
    const name =
      answer(names.fullName) ??
      ([answer(names.firstName), answer(names.lastName)].filter(Boolean).join(' ') || undefined);
    return { name, phone: answer(names.phone), email: answer(names.email) };
  };

  return (lead) => {
    const result = AnswersSchema.safeParse(answersOf(lead.fieldData));
    if (!result.success) {
      return {
        ok: false,
        reasons: result.error.issues.map((issue) => {
          const key = issue.path[0] as keyof typeof fieldOf;
          return `${fieldOf[key] ?? 'field_data'}: ${issue.message}`;
        }),
      };
    }
    const { name, phone, email } = result.data;
    // Built property by property rather than with conditional spreads: this runs once per lead,
    // and objects of one stable shape are several times cheaper to make and to copy.
    const candidate: Mutable<LeadCandidateFields> = {
      companyId,
      name,
      phone,
      source: 'meta_lead_ad',
      metaLeadId: lead.id,
      createdAt: lead.createdTime,
    };
    if (vacancyId !== undefined) candidate.vacancyId = vacancyId;
    if (email !== undefined) candidate.email = email;
    if (lead.campaignId) candidate.campaignId = lead.campaignId;
    return { ok: true, candidate };
  };
}

/** The first non-blank value of the named field, trimmed. */
function firstAnswer(fields: readonly LeadField[], name: string): string | undefined {
  for (const field of fields) {
    if (field.name !== name) continue;
    for (const value of field.values) {
      const trimmed = value.trim();
      if (trimmed.length > 0) return trimmed;
    }
  }
  return undefined;
}
