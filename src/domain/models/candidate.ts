import { z } from 'zod';
import { FunnelStageSchema } from './funnel-stage.js';

/** E.164: a plus sign, a country code that does not start with 0, 7 to 15 digits in all. */
export const E164_PHONE = /^\+[1-9]\d{6,14}$/;

export const CANDIDATE_SOURCES = [
  'meta_lead_ad',
  'referral',
  'job_board',
  'walk_in',
  'manual',
] as const;
export const CandidateSourceSchema = z.enum(CANDIDATE_SOURCES);
export type CandidateSource = z.infer<typeof CandidateSourceSchema>;

export const CandidateSchema = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  vacancyId: z.uuid().optional(),
  name: z.string().trim().min(1).max(200),
  /** PII. */
  phone: z.string().regex(E164_PHONE, 'must be an E.164 phone number such as +5215512345678'),
  /** PII. */
  email: z.email().optional(),
  source: CandidateSourceSchema,
  stage: FunnelStageSchema,
  /** Meta lead id; unique per company. */
  metaLeadId: z.string().min(1).max(64).optional(),
  /** The ad campaign the candidate came from (a Meta lead's `campaignId`); absent when not known. */
  campaignId: z.string().min(1).max(200).optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Optimistic-concurrency version: 1 when added, +1 on every update. */
  version: z.int().min(1),
});

/** A person in a company's hiring funnel. Phone and email are PII. */
export type Candidate = z.infer<typeof CandidateSchema>;
