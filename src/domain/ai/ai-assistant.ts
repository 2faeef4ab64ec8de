import type { CandidateSummary, CandidateSummaryRequest } from './candidate-summary.js';
import type { LeadQualification, LeadQualificationRequest } from './lead-qualification.js';

/** Per-call options of an {@link AiAssistant}. */
export interface AiCallOptions {
  /** Aborts the call (and any retry still to come). */
  readonly signal?: AbortSignal;
}

/**
 * A language model's help with recruiting, in the domain's terms. Both operations validate
 * their input (`ValidationError`, no model call) and the model's answer against a zod schema:
 * an answer that is not JSON, breaks the schema or is a refusal is an `AiOutputError`
 * (`AI_OUTPUT_INVALID`), never a crash or an unchecked value. Adapters mask PII (emails,
 * phones, personal ids) before anything leaves the process. `OpenAiAssistant`
 * (`@baltra/sdk/ai`) is the production adapter, `InMemoryAiAssistant` the deterministic fake.
 *
 * @example
 * ```ts
 * const { summary, suggestedNextStep } = await assistant.summariseCandidate({ candidate, transitions });
 * const { score, reason } = await assistant.qualifyLead({ lead, vacancy, criteria: ['lives in Monterrey'] });
 * ```
 */
export interface AiAssistant {
  /** A recruiter-facing summary of the candidate's history: source, stage moves, notes. */
  summariseCandidate(
    request: CandidateSummaryRequest,
    options?: AiCallOptions,
  ): Promise<CandidateSummary>;
  /** A 0–100 score of how well a lead fits the vacancy and criteria, with the reason. */
  qualifyLead(
    request: LeadQualificationRequest,
    options?: AiCallOptions,
  ): Promise<LeadQualification>;
}
