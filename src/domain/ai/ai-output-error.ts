import { type BaltraErrorOptions, InfrastructureError } from '../errors.js';

/** Why a model's answer was refused: not JSON, not the schema, a refusal, empty or cut short. */
export type AiOutputProblem = 'not_json' | 'schema' | 'refusal' | 'empty' | 'truncated';

/**
 * The model answered, but not with what the operation asked for. Code `AI_OUTPUT_INVALID`,
 * never retried by the resilience policies (the caller decides). The context names the
 * operation, the problem and, for `schema`, the paths of the failing fields; it never holds
 * the answer itself (which may repeat PII).
 *
 * @example
 * ```ts
 * try { return await assistant.qualifyLead({ lead }); }
 * catch (error) {
 *   if (error instanceof AiOutputError) return { score: null, reason: 'needs a person' };
 *   throw error;
 * }
 * ```
 */
export class AiOutputError extends InfrastructureError {
  readonly retryable = false;
  readonly problem: AiOutputProblem;

  constructor(
    operation: string,
    problem: AiOutputProblem,
    options: BaltraErrorOptions & { paths?: readonly string[] } = {},
  ) {
    const paths = options.paths ?? [];
    super(
      `the model's answer to ${operation} is unusable (${problem}${paths.length > 0 ? `: ${paths.join(', ')}` : ''})`,
      {
        ...options,
        code: 'AI_OUTPUT_INVALID',
        context: { operation, problem, paths, ...options.context },
      },
    );
    this.problem = problem;
  }
}
