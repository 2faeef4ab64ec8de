import { z } from 'zod';
import { CandidateSchema } from '../models/candidate.js';
import { StageTransitionSchema } from '../models/stage-transition.js';
import { VacancySchema } from '../models/vacancy.js';

/** The language an assistant answers in: Spanish (the default) or English. */
export const AiLanguageSchema = z.enum(['es', 'en']);
export type AiLanguage = z.infer<typeof AiLanguageSchema>;

/** A recruiter's note on a candidate. Free text: may hold PII, masked before it leaves. */
export const CandidateNoteSchema = z.object({
  at: z.date(),
  text: z.string().trim().min(1).max(4_000),
});
export type CandidateNote = z.infer<typeof CandidateNoteSchema>;

/**
 * What `AiAssistant.summariseCandidate` reads: the candidate, their stage transitions (all
 * of this candidate), recruiters' notes and, when known, the vacancy.
 */
export const CandidateSummaryRequestSchema = z
  .object({
    candidate: CandidateSchema,
    transitions: z.array(StageTransitionSchema).max(500),
    notes: z.array(CandidateNoteSchema).max(100).default([]),
    vacancy: VacancySchema.optional(),
    language: AiLanguageSchema.default('es'),
  })
  .refine(
    (request) => request.transitions.every((move) => move.candidateId === request.candidate.id),
    { message: 'every transition must belong to the candidate', path: ['transitions'] },
  );

/** The input of `summariseCandidate` (notes and language may be left out). */
export type CandidateSummaryRequest = z.input<typeof CandidateSummaryRequestSchema>;

/** A short recruiter-facing summary of a candidate's history. */
export const CandidateSummarySchema = z.object({
  /** Two or three sentences: where the candidate came from, how far they got, how fast. */
  summary: z.string().trim().min(1).max(1_200),
  strengths: z.array(z.string().trim().min(1).max(300)).max(8),
  concerns: z.array(z.string().trim().min(1).max(300)).max(8),
  /** What the recruiter should do next, in one sentence. */
  suggestedNextStep: z.string().trim().min(1).max(300),
});

/** The validated output of `summariseCandidate`. */
export type CandidateSummary = z.infer<typeof CandidateSummarySchema>;
