import { EdgeError } from './edge-error.js';

/** One invalid edge option: its name and what is wrong with it. */
export interface EdgeOptionsProblem {
  readonly option: string;
  readonly message: string;
}

/**
 * The options given to `createExpressEdge` or `baltraEdge` are invalid (a limit out of its
 * bounds, not an integer …). Lists every problem at once, so a service fails at start-up
 * with the whole list. Code `INVALID_EDGE_OPTIONS`.
 *
 * @example
 * ```ts
 * try { createExpressEdge({ maxBodyBytes: 0 }); }
 * catch (error) {
 *   if (error instanceof EdgeOptionsError) for (const p of error.problems) console.error(p.option, p.message);
 * }
 * ```
 */
export class EdgeOptionsError extends EdgeError {
  readonly code = 'INVALID_EDGE_OPTIONS';
  readonly retryable = false;
  readonly problems: readonly EdgeOptionsProblem[];

  constructor(problems: readonly EdgeOptionsProblem[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    const lines = problems.map((problem) => `  - ${problem.option}: ${problem.message}`);
    super([`Invalid edge options (${count}):`, ...lines].join('\n'), {
      context: { options: problems.map((problem) => problem.option) },
    });
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  }
}
