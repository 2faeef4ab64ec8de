import { createRequire } from 'node:module';
import type * as Cockatiel from 'cockatiel';

/** The cockatiel module, as the policies use it. */
export type CockatielModule = typeof Cockatiel;

let cockatiel: CockatielModule | undefined;

/**
 * Loads cockatiel on the first policy created, not when the SDK is imported: it costs about
 * 40 ms, and the root entry's import budget is 150 ms (docs/benchmarks.md).
 */
export function loadCockatiel(): CockatielModule {
  cockatiel ??= createRequire(import.meta.url)('cockatiel') as CockatielModule;
  return cockatiel;
}
