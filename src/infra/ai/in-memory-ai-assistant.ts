import type { z } from 'zod';
import type { AiAssistant, AiCallOptions } from '../../domain/ai/ai-assistant.js';
import {
  type CandidateSummary,
  type CandidateSummaryRequest,
  CandidateSummaryRequestSchema,
  CandidateSummarySchema,
} from '../../domain/ai/candidate-summary.js';
import {
  type LeadQualification,
  type LeadQualificationRequest,
  LeadQualificationRequestSchema,
  LeadQualificationSchema,
} from '../../domain/ai/lead-qualification.js';
import { parseAiAnswer } from '../../domain/ai/parse-ai-answer.js';
import { FUNNEL_PATH, isOpenStage } from '../../domain/models/funnel-stage.js';
import { parseInput } from '../../domain/services/parse-input.js';
import { isPersonalField } from './ai-prompts.js';

/** A validated request the fake received, in order. */
export type InMemoryAiRequest =
  | {
      readonly operation: 'summariseCandidate';
      readonly request: z.output<typeof CandidateSummaryRequestSchema>;
    }
  | {
      readonly operation: 'qualifyLead';
      readonly request: z.output<typeof LeadQualificationRequestSchema>;
    };

/** Options of {@link InMemoryAiAssistant}: answers to give instead of the built-in ones. */
export interface InMemoryAiAssistantOptions {
  /** What "the model" answers to a summary request: a value (sent as JSON) or raw text. */
  readonly summarise?: (request: z.output<typeof CandidateSummaryRequestSchema>) => unknown;
  /** What "the model" answers to a qualification request: a value (as JSON) or raw text. */
  readonly qualify?: (request: z.output<typeof LeadQualificationRequestSchema>) => unknown;
}

type Scripted = { readonly answer: unknown } | { readonly error: unknown };

/**
 * A deterministic `AiAssistant` for tests: no network, the same answer for the same input.
 * By default a summary states the source, the number of moves and the stage, and a lead's
 * score is the share of criteria its (non-personal) questions and answers mention — or 40 plus 15 per
 * answer without criteria. Script what "the model" says next with `answerNext` (a value is
 * sent as JSON, a string as raw text, so malformed answers can be tested) or `failNext`.
 * Input and answers go through the same validation as `OpenAiAssistant`
 * (`VALIDATION_FAILED`, `AI_OUTPUT_INVALID`); `requests` keeps what it was asked.
 *
 * @example
 * ```ts
 * const assistant = new InMemoryAiAssistant().answerNext({ score: 72, reason: 'lives nearby' });
 * const { score } = await assistant.qualifyLead({ lead });   // 72
 * await assistant.qualifyLead({ lead });                      // the built-in, deterministic score
 * ```
 */
export class InMemoryAiAssistant implements AiAssistant {
  readonly #requests: InMemoryAiRequest[] = [];
  readonly #script: Scripted[] = [];
  readonly #options: InMemoryAiAssistantOptions;

  constructor(options: InMemoryAiAssistantOptions = {}) {
    this.#options = options;
  }

  /** The validated requests received, oldest first. */
  get requests(): readonly InMemoryAiRequest[] {
    return [...this.#requests];
  }

  /** The next call's answer, as the model would give it: a value (as JSON) or raw text. */
  answerNext(answer: unknown): this {
    this.#script.push({ answer });
    return this;
  }

  /** The next call rejects with `error` (an `OpenAiError('RATE_LIMITED', …)`, say). */
  failNext(error: unknown): this {
    this.#script.push({ error });
    return this;
  }

  async summariseCandidate(
    request: CandidateSummaryRequest,
    options: AiCallOptions = {},
  ): Promise<CandidateSummary> {
    const parsed = parseInput('candidate summary request', CandidateSummaryRequestSchema, request);
    options.signal?.throwIfAborted();
    this.#requests.push({ operation: 'summariseCandidate', request: parsed });
    const answer = this.#next(() => (this.#options.summarise ?? defaultSummary)(parsed));
    return parseAiAnswer('summariseCandidate', CandidateSummarySchema, asText(answer));
  }

  async qualifyLead(
    request: LeadQualificationRequest,
    options: AiCallOptions = {},
  ): Promise<LeadQualification> {
    const parsed = parseInput(
      'lead qualification request',
      LeadQualificationRequestSchema,
      request,
    );
    options.signal?.throwIfAborted();
    this.#requests.push({ operation: 'qualifyLead', request: parsed });
    const answer = this.#next(() => (this.#options.qualify ?? defaultQualification)(parsed));
    return parseAiAnswer('qualifyLead', LeadQualificationSchema, asText(answer));
  }

  #next(fallback: () => unknown): unknown {
    const scripted = this.#script.shift();
    if (scripted === undefined) return fallback();
    if ('error' in scripted) throw scripted.error;
    return scripted.answer;
  }
}

function asText(answer: unknown): string {
  return typeof answer === 'string' ? answer : (JSON.stringify(answer) ?? '');
}

function defaultSummary(request: z.output<typeof CandidateSummaryRequestSchema>): CandidateSummary {
  const { candidate, transitions, notes, language } = request;
  const moves = transitions.filter((move) => move.from !== null).length;
  const applied = candidate.createdAt.toISOString().slice(0, 10);
  const index = FUNNEL_PATH.indexOf(candidate.stage as (typeof FUNNEL_PATH)[number]);
  const next = index >= 0 ? FUNNEL_PATH[index + 1] : undefined;
  const open = isOpenStage(candidate.stage);
  const es = language === 'es';
  return {
    summary: es
      ? `Llegó por ${candidate.source} el ${applied}; ${moves} cambios de etapa, ahora en ${candidate.stage}; ${notes.length} notas.`
      : `Applied through ${candidate.source} on ${applied}; ${moves} stage moves, now ${candidate.stage}; ${notes.length} notes.`,
    strengths: index >= FUNNEL_PATH.indexOf('interviewed') ? [`${candidate.stage}`] : [],
    concerns: open ? [] : index < 0 ? [`${candidate.stage}`] : [],
    suggestedNextStep:
      open && next !== undefined
        ? es
          ? `mover a ${next}`
          : `move to ${next}`
        : es
          ? 'ninguno'
          : 'none',
  };
}

function defaultQualification(
  request: z.output<typeof LeadQualificationRequestSchema>,
): LeadQualification {
  const answers = request.lead.fieldData.filter((field) => !isPersonalField(field.name));
  const text = answers
    .map((field) => `${field.name.replace(/_/g, ' ')} ${field.values.join(' ')}`)
    .join(' ')
    .toLowerCase();
  const { criteria } = request;
  if (criteria.length === 0) {
    return {
      score: Math.min(100, 40 + 15 * answers.length),
      reason: `no criteria given; answers: ${answers.length}`,
    };
  }
  const met = criteria.filter((criterion) =>
    criterion
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .some((word) => word.length >= 4 && text.includes(word)),
  );
  return {
    score: Math.round((100 * met.length) / criteria.length),
    reason: `${met.length} of ${criteria.length} criteria mentioned in the answers`,
  };
}
