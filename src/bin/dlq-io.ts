/** What `baltra dlq` writes to and reads (the CLI's `CliIo`, with the terminal's extras). */
export interface DlqIo {
  /** Writes one line of normal output. */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics (progress, failures). */
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a person is at the terminal (stdin and stderr are TTYs). */
  readonly interactive?: boolean;
  /** Asks a yes/no question on the terminal; `true` for yes. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Rewrites the terminal's status line (a progress bar); `''` clears it. */
  readonly status?: (line: string) => void;
  /** Aborted on Ctrl-C: a replay stops after its batch in hand. */
  readonly signal?: AbortSignal;
}

/** Exit codes of `baltra dlq` (those of `baltra`). */
export const DLQ_EXIT = { ok: 0, failure: 1, usage: 2 } as const;
