import { maskSensitiveText } from '../logging/mask-sensitive-text.js';
import { type ErrorEnvelope, fail } from './envelope.js';

const BALTRA_ERROR = Symbol.for('@baltra/sdk/error');

/**
 * HTTP status of each stable SDK error code. Codes absent here answer 500 with a generic
 * message. Extend it per service with the `statusByCode` option of {@link toErrorEnvelope}.
 */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  DUPLICATE_HEADER: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  ILLEGAL_STAGE_TRANSITION: 422,
  DOMAIN_RULE_VIOLATED: 422,
  RATE_LIMITED: 429,
  CIRCUIT_OPEN: 503,
  BULKHEAD_FULL: 503,
  TIMEOUT: 504,
});

/** Codes given to framework errors (bad JSON, body too large …) that carry only a status. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/** The fixed messages used when an error's own message is not shown. */
const GENERIC_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request is malformed',
  401: 'Authentication is required',
  403: 'The credentials do not allow this operation',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'The request conflicts with the current state',
  413: 'The request body is too large',
  415: 'Unsupported media type',
  422: 'The request breaks a business rule',
  429: 'Too many requests',
  431: 'The request headers are too large',
  503: 'A dependency is unavailable; try again later',
  504: 'A dependency timed out; try again later',
};
const INTERNAL_MESSAGE = 'Internal error';

/** Options of {@link toErrorEnvelope}. */
export interface ToErrorEnvelopeOptions {
  /** More (or different) code → status pairs, merged over {@link STATUS_BY_CODE}. */
  readonly statusByCode?: Readonly<Record<string, number>>;
}

/** An error mapped for the wire: the HTTP status and the envelope to send. */
export interface MappedError {
  readonly status: number;
  readonly body: ErrorEnvelope;
}

/**
 * Maps any thrown value to an HTTP status and an error envelope that is safe to send:
 * SDK errors (recognised by their brand) by their stable `code` — VALIDATION_FAILED 400,
 * DUPLICATE_HEADER 400, UNAUTHENTICATED 401, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409,
 * PAYLOAD_TOO_LARGE 413, HEADERS_TOO_LARGE 431, RATE_LIMITED 429 … (see
 * {@link STATUS_BY_CODE}) — with their message masked for secrets and PII (URL passwords,
 * Bearer and JWT-shaped tokens, API keys, `password=…` assignments, emails, phones); framework errors
 * carrying a 4xx `status`/`statusCode` (malformed JSON, body too large) with a fixed message;
 * everything else 500 `INTERNAL` with a generic message. Never includes a stack, a cause or
 * the message of an unexpected error.
 *
 * @example
 * ```ts
 * app.use((error, req, res, next) => {
 *   const { status, body } = toErrorEnvelope(error);
 *   res.status(status).json(body);
 * });
 * ```
 */
export function toErrorEnvelope(error: unknown, options: ToErrorEnvelopeOptions = {}): MappedError {
  const statusByCode = { ...STATUS_BY_CODE, ...options.statusByCode };
  if (isBranded(error)) {
    const status = statusByCode[error.code] ?? 500;
    if (status >= 500) {
      const message = GENERIC_MESSAGES[status] ?? INTERNAL_MESSAGE;
      return { status, body: fail(status === 500 ? 'INTERNAL' : error.code, message) };
    }
    const message = typeof error.message === 'string' ? error.message : '';
    return { status, body: fail(error.code, safeMessage(message, status)) };
  }
  const status = clientErrorStatus(error);
  if (status !== undefined) {
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    return { status, body: fail(code, GENERIC_MESSAGES[status] ?? GENERIC_MESSAGES[400]!) };
  }
  return { status: 500, body: fail('INTERNAL', INTERNAL_MESSAGE) };
}

function isBranded(error: unknown): error is { code: string; message?: unknown } {
  return (
    typeof error === 'object' &&
    error !== null &&
    BALTRA_ERROR in error &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** A 4xx status carried by a framework or parser error (`status` or `statusCode`). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 500
    ? value
    : undefined;
}

function safeMessage(message: string, status: number): string {
  const masked = maskSensitiveText(message).trim();
  if (masked === '') return GENERIC_MESSAGES[status] ?? INTERNAL_MESSAGE;
  return masked.length > 500 ? `${masked.slice(0, 500)}…` : masked;
}
