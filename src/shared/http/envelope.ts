import { z } from 'zod';

/** Version of the envelope contract, and the path prefix of the API it wraps (`/v1/...`). */
export const API_VERSION = 'v1';

/** What a failed call returns: a stable, machine-readable `code` and a human `message`. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
}

/** A successful response body. */
export interface SuccessEnvelope<T> {
  readonly ok: true;
  readonly data: T;
}

/** A failed response body. */
export interface ErrorEnvelope {
  readonly ok: false;
  readonly error: ErrorBody;
}

/**
 * The versioned response body of every API built on the SDK (contract `v1`):
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 */
export type Envelope<T> = SuccessEnvelope<T> | ErrorEnvelope;

/** The zod schema of {@link ErrorEnvelope}. */
export const errorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string().min(1), message: z.string() }),
});

/**
 * The zod schema of an {@link Envelope} whose `data` matches `data`: for contract tests and
 * for validating the responses of other services.
 *
 * @example
 * ```ts
 * const schema = envelopeSchema(z.object({ id: z.string().uuid() }));
 * const body = schema.parse(await response.json());
 * if (body.ok) console.log(body.data.id);
 * ```
 */
export function envelopeSchema<S extends z.ZodType>(data: S) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), errorEnvelopeSchema]);
}

/**
 * Wraps data in a success envelope.
 *
 * @example
 * ```ts
 * res.status(200).json(ok({ id: candidate.id }));
 * ```
 */
export function ok<T>(data: T): SuccessEnvelope<T> {
  return { ok: true, data };
}

/**
 * Builds an error envelope. Prefer `toErrorEnvelope(error)`, which picks code, status and a
 * safe message for any error.
 *
 * @example
 * ```ts
 * reply.status(409).send(fail('CONFLICT', 'The candidate was already hired'));
 * ```
 */
export function fail(code: string, message: string): ErrorEnvelope {
  return { ok: false, error: { code, message } };
}
