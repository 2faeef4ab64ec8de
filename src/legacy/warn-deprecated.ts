const warned = new Set<string>();

/**
 * Emits a `DeprecationWarning` the first time a legacy symbol is used, naming its
 * replacement. Honours `--no-deprecation` and `--throw-deprecation` (Node handles both).
 */
export function warnDeprecated(code: string, legacyName: string, replacement: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(`${legacyName} is deprecated; use ${replacement} instead.`, {
    type: 'DeprecationWarning',
    code,
  });
}
