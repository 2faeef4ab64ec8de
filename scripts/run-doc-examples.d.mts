// Types of scripts/run-doc-examples.mjs, for the test that imports it.

/** A doc example to run: its module file and where it is in the Markdown. */
export interface DocExample {
  readonly file: string;
  readonly rel: string;
  readonly line: number;
}

export interface DocExampleFailure {
  readonly example: DocExample;
  readonly reason: string;
  readonly output: string;
}

export const RUN_TIMEOUT_MS: number;
export function cleanEnvironment(env?: NodeJS.ProcessEnv): Record<string, string | undefined>;
export function runExamples(
  examples: readonly DocExample[],
  options?: { readonly cwd?: string; readonly timeoutMs?: number },
): Promise<DocExampleFailure[]>;
