import { EdgeError } from './edge-error.js';

/**
 * The request body is larger than the edge accepts (`maxBodyBytes`, default 1 MiB): answered
 * 413 `PAYLOAD_TOO_LARGE`, from the declared `Content-Length` before the body is read, or
 * from the body parser's own limit for streamed bodies.
 *
 * @example
 * ```ts
 * if (declaredLength > limits.maxBodyBytes) {
 *   throw new PayloadTooLargeError(limits.maxBodyBytes, declaredLength);
 * }
 * ```
 */
export class PayloadTooLargeError extends EdgeError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
  readonly retryable = false;
  readonly limitBytes: number;

  constructor(limitBytes: number, receivedBytes?: number) {
    super(`The request body exceeds the limit of ${limitBytes} bytes`, {
      context: { limitBytes, ...(receivedBytes === undefined ? {} : { receivedBytes }) },
    });
    this.limitBytes = limitBytes;
  }

  /**
   * `error` as a {@link PayloadTooLargeError} when it is a framework's "body too large" error
   * (a 413 `status`/`statusCode`: body-parser's `entity.too.large`, Fastify's
   * `FST_ERR_CTP_BODY_TOO_LARGE`); any other value unchanged. The limit reported is the
   * error's own numeric `limit` when it has one (body-parser's), else `limitBytes`.
   *
   * @example
   * ```ts
   * const { status, body } = toErrorEnvelope(PayloadTooLargeError.adopt(error, limit));
   * ```
   */
  static adopt(error: unknown, limitBytes: number): unknown {
    if (error instanceof PayloadTooLargeError || typeof error !== 'object' || error === null) {
      return error;
    }
    const { status, statusCode, limit } = error as {
      status?: unknown;
      statusCode?: unknown;
      limit?: unknown;
    };
    if (status !== 413 && statusCode !== 413) return error;
    return new PayloadTooLargeError(
      typeof limit === 'number' && Number.isInteger(limit) && limit > 0 ? limit : limitBytes,
    );
  }
}
