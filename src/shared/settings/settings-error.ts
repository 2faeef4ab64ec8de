const BALTRA_ERROR = Symbol.for('@baltra/sdk/error');

/** One invalid environment variable: its name and what is wrong, never a secret's value. */
export interface SettingsProblem {
  readonly variable: string;
  readonly message: string;
}

/**
 * Settings read from the environment are invalid. Lists every invalid variable at once, so a
 * service fails start-up with the whole list instead of one problem per restart. Carries the
 * SDK error brand, so `isBaltraError()` recognises it; `code` is `INVALID_SETTINGS`.
 *
 * @example
 * ```ts
 * try { getSettings(); }
 * catch (error) {
 *   if (error instanceof SettingsError) for (const p of error.problems) console.error(p.variable, p.message);
 *   throw error;
 * }
 * ```
 */
export class SettingsError extends Error {
  readonly [BALTRA_ERROR] = true;
  readonly code = 'INVALID_SETTINGS';
  readonly problems: readonly SettingsProblem[];
  readonly context: Readonly<Record<string, unknown>>;

  constructor(problems: readonly SettingsProblem[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    const lines = problems.map((problem) => `  - ${problem.variable}: ${problem.message}`);
    super([`Invalid settings (${count}):`, ...lines].join('\n'));
    this.name = 'SettingsError';
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
    this.context = Object.freeze({ variables: problems.map((problem) => problem.variable) });
  }

  /** A log- and wire-safe view: code, name, message, context and problems; no stack. */
  toJSON(): {
    name: string;
    code: string;
    message: string;
    context: Readonly<Record<string, unknown>>;
    problems: readonly SettingsProblem[];
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      context: this.context,
      problems: this.problems,
    };
  }
}
