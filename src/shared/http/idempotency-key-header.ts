/** Header that makes a non-idempotent request (POST, PATCH) safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
