// Counts the DeprecationWarnings the legacy shims emit in one test file. Each file runs in a
// fresh module graph, so `warnDeprecated` starts with no symbol warned; the spy lives for the
// whole file, so "once per symbol" is checked across every call the file makes.
import { afterAll, beforeAll, type MockInstance, vi } from 'vitest';

export interface EmittedWarning {
  readonly message: string;
  readonly type: string | undefined;
  readonly code: string | undefined;
}

export interface DeprecationSpy {
  /** Warnings emitted so far with `code`. */
  withCode(code: string): EmittedWarning[];
}

export function useDeprecationSpy(): DeprecationSpy {
  let spy: MockInstance<typeof process.emitWarning> | undefined;
  beforeAll(() => {
    spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterAll(() => {
    spy?.mockRestore();
  });
  return {
    withCode(code) {
      return (spy?.mock.calls ?? [])
        .map(([message, options]) => {
          const facts = (typeof options === 'object' ? options : {}) as {
            type?: string;
            code?: string;
          };
          return { message: String(message), type: facts.type, code: facts.code };
        })
        .filter((warning) => warning.code === code);
    },
  };
}

/** Asserts-friendly summary: the one warning of `code`, or a description of what went wrong. */
export function onlyWarning(spy: DeprecationSpy, code: string): EmittedWarning {
  const warnings = spy.withCode(code);
  if (warnings.length !== 1) {
    throw new Error(`expected exactly one ${code} warning, got ${warnings.length}`);
  }
  return warnings[0] as EmittedWarning;
}
