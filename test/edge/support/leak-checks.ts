/** A stack frame as V8 prints it (`    at fn (file.ts:10:5)`). */
export const STACK_FRAME = /\n\s+at\s|\bat\s[^\s]+\s\(?[^\s()]+:\d+:\d+\)?/;

/** The secrets among `candidates` that occur in `text` (should be none). */
export function leakedSecrets(text: string, candidates: readonly string[]): string[] {
  return candidates.filter((secret) => secret.length >= 8 && text.includes(secret));
}
