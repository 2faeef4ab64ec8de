import { z } from 'zod';
import { RawLeadSchema } from '../models/lead.js';
import { VacancySchema } from '../models/vacancy.js';
import { AiLanguageSchema } from './candidate-summary.js';

/**
 * What `AiAssistant.qualifyLead` reads: a lead's form answers, the vacancy when known, and
 * the company's criteria in plain words (`has a driving licence`, `lives in Monterrey`).
 */
export const LeadQualificationRequestSchema = z.object({
  lead: RawLeadSchema,
  vacancy: VacancySchema.optional(),
  criteria: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  language: AiLanguageSchema.default('es'),
});

/** The input of `qualifyLead` (criteria and language may be left out). */
export type LeadQualificationRequest = z.input<typeof LeadQualificationRequestSchema>;

/** How well a lead fits: a score from 0 (not at all) to 100 (perfectly), and why. */
export const LeadQualificationSchema = z.object({
  score: z.int().min(0).max(100),
  reason: z.string().trim().min(1).max(600),
});

/** The validated output of `qualifyLead`. */
export type LeadQualification = z.infer<typeof LeadQualificationSchema>;
