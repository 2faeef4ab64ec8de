import assert from 'node:assert/strict';
import { isBaltraError } from '../../../domain/errors.js';

/** Awaits `promise` and asserts it rejected with an SDK error of the given code. */
export async function expectBaltraError(promise: Promise<unknown>, code: string): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(
      isBaltraError(error),
      `expected an SDK error with code ${code}, got ${String(error)}`,
    );
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected a rejection with code ${code}, but the promise resolved`);
}
