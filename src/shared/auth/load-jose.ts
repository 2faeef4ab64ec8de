import type * as Jose from 'jose';

/** The jose module. */
export type JoseModule = typeof Jose;

let jose: Promise<JoseModule> | undefined;

/**
 * Imports jose on first use rather than with the SDK: verifying and minting are async
 * anyway, and the import costs about 50 ms that a service without JWTs should not pay.
 */
export function loadJose(): Promise<JoseModule> {
  jose ??= import('jose');
  return jose;
}
