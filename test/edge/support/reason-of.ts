import { AuthenticationError } from '../../../src/shared/auth/authentication-error.js';

/** The `reason` of the AuthenticationError `promise` rejects with; undefined when it resolves. */
export async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof AuthenticationError ? error.reason : `unexpected ${String(error)}`;
  }
}
