import type { z } from 'zod';
import {
  type CandidateSummary,
  type CandidateSummaryRequestSchema,
  CandidateSummarySchema,
} from '../../domain/ai/candidate-summary.js';
import {
  type LeadQualification,
  type LeadQualificationRequestSchema,
  LeadQualificationSchema,
} from '../../domain/ai/lead-qualification.js';
import { classifyKey } from '../../shared/pii/classify-key.js';
import { maskForPrompt } from './mask-for-prompt.js';
import { strictJsonSchema } from './strict-json-schema.js';

/** One operation's request to a model: instructions, the masked facts, the answer's schema. */
export interface AiPrompt<T> {
  readonly operation: 'summariseCandidate' | 'qualifyLead';
  readonly schemaName: string;
  readonly system: string;
  /** The facts as JSON, every free-text value masked (see `maskForPrompt`). */
  readonly user: string;
  readonly schema: z.ZodType<T>;
  readonly jsonSchema: Record<string, unknown>;
}

const LANGUAGE = { es: 'Spanish (Mexico)', en: 'English' } as const;
// Lead form fields that name the person: dropped like phones, emails and ids.
const NAME_FIELDS = new Set(['fullname', 'firstname', 'lastname', 'name', 'nombre', 'apellido']);

const SUMMARY_JSON_SCHEMA = strictJsonSchema(CandidateSummarySchema);
const QUALIFICATION_JSON_SCHEMA = strictJsonSchema(LeadQualificationSchema);

/**
 * The prompt of `summariseCandidate`: the candidate's source, stage, dates, vacancy, moves
 * and notes — never their name, phone, email or Meta lead id; notes and actors masked.
 *
 * @example
 * ```ts
 * const prompt = summaryPrompt(CandidateSummaryRequestSchema.parse(request));
 * ```
 */
export function summaryPrompt(
  request: z.output<typeof CandidateSummaryRequestSchema>,
): AiPrompt<CandidateSummary> {
  const { candidate, vacancy } = request;
  const facts = {
    candidate: {
      source: candidate.source,
      stage: candidate.stage,
      appliedAt: candidate.createdAt.toISOString(),
      lastChangeAt: candidate.updatedAt.toISOString(),
    },
    vacancy: vacancy === undefined ? null : { title: vacancy.title, city: vacancy.city ?? null },
    stageHistory: [...request.transitions]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((move) => ({ from: move.from, to: move.to, at: move.at.toISOString(), by: move.actor })),
    notes: request.notes.map((note) => ({ at: note.at.toISOString(), text: note.text })),
  };
  return {
    operation: 'summariseCandidate',
    schemaName: 'candidate_summary',
    system: [
      "You help recruiters of frontline jobs. Summarise the candidate's history in the hiring funnel",
      '(applied → screening → interview_scheduled → interviewed → offered → hired → onboarded, or',
      'rejected / withdrawn) from the facts given, and nothing else: where they came from, how far and',
      'how fast they moved, what the notes say. Contact details and ids are masked; never guess them.',
      `Answer in ${LANGUAGE[request.language]}, in the JSON schema given.`,
    ].join(' '),
    user: JSON.stringify(maskStrings(facts)),
    schema: CandidateSummarySchema,
    jsonSchema: SUMMARY_JSON_SCHEMA,
  };
}

/**
 * The prompt of `qualifyLead`: the lead's form answers without the ones that identify or
 * reach the person (name, phone, email, ids), the vacancy and the criteria; values masked.
 *
 * @example
 * ```ts
 * const prompt = qualificationPrompt(LeadQualificationRequestSchema.parse(request));
 * ```
 */
export function qualificationPrompt(
  request: z.output<typeof LeadQualificationRequestSchema>,
): AiPrompt<LeadQualification> {
  const { lead, vacancy } = request;
  const answers = lead.fieldData
    .filter((field) => !isPersonalField(field.name))
    .map((field) => ({ question: field.name, answer: field.values.join(', ') }));
  const facts = {
    appliedAt: lead.createdTime.toISOString(),
    vacancy: vacancy === undefined ? null : { title: vacancy.title, city: vacancy.city ?? null },
    criteria: request.criteria,
    answers,
  };
  return {
    operation: 'qualifyLead',
    schemaName: 'lead_qualification',
    system: [
      'You help recruiters of frontline jobs decide whom to call first. Score from 0 (does not fit)',
      'to 100 (fits perfectly) how well this lead fits the vacancy and the criteria, using only the',
      'form answers given; a criterion the answers do not address counts as unknown, not as failed.',
      'Give the reason in one or two sentences. Contact details and ids are masked; never guess them.',
      `Answer in ${LANGUAGE[request.language]}, in the JSON schema given.`,
    ].join(' '),
    user: JSON.stringify(maskStrings(facts)),
    schema: LeadQualificationSchema,
    jsonSchema: QUALIFICATION_JSON_SCHEMA,
  };
}

/** Whether a lead form field identifies or reaches the person (name, phone, email, ids). */
export function isPersonalField(name: string): boolean {
  return (
    classifyKey(name) !== undefined || NAME_FIELDS.has(name.toLowerCase().replace(/[^a-z]/g, ''))
  );
}

function maskStrings(value: unknown): unknown {
  if (typeof value === 'string') return maskForPrompt(value);
  if (Array.isArray(value)) return value.map(maskStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item)]));
  }
  return value;
}
