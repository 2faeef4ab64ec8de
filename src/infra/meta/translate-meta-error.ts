import type { BaltraError } from '../../domain/errors.js';
import { maskSensitiveText } from '../../shared/pii/mask-sensitive-text.js';
import { MetaGraphError, type MetaGraphErrorCode } from './meta-graph-error.js';
import { MetaRateLimitedError } from './meta-rate-limited-error.js';
import { scrubAccessToken } from './scrub-access-token.js';

/** What we know about the call that failed, for the message and context. */
export interface MetaCallDescription {
  /** A short name of the call, e.g. `GET {formId}/leads`; never a URL with the token. */
  readonly operation: string;
  /** The token in use, scrubbed from anything copied out of the SDK's error. */
  readonly accessToken?: string;
}

/** The fields of the SDK's `FacebookRequestError` (and of axios errors) that we read. */
interface SdkErrorFacts {
  readonly message?: unknown;
  readonly status?: unknown;
  readonly response?: unknown;
  readonly headers?: unknown;
  readonly code?: unknown;
  readonly name?: unknown;
}

/** Graph's error object: `{ message, type, code, error_subcode, is_transient, fbtrace_id }`. */
interface GraphErrorBody {
  readonly message?: unknown;
  readonly type?: unknown;
  readonly code?: unknown;
  readonly error_subcode?: unknown;
  readonly is_transient?: unknown;
  readonly fbtrace_id?: unknown;
}

const THROTTLING_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613]);
const AUTH_CODES: ReadonlySet<number> = new Set([102, 190]);
/** Graph's "unknown" and "temporary" errors: retry later. */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2]);
const USAGE_HEADERS = ['x-business-use-case-usage', 'x-app-usage', 'x-ad-account-usage'] as const;

/**
 * Translates an error of the Meta SDK (`FacebookRequestError`) or of the HTTP layer into the
 * SDK's errors: throttling (codes 4, 17, 32, 613, 80000–80014, HTTP 429) →
 * {@link MetaRateLimitedError} with `retryAfterMs` from the usage headers; auth (codes 102,
 * 190, HTTP 401/403) → `META_AUTH_FAILED`; 5xx, transient Graph errors, no response or a
 * timeout → `META_UNAVAILABLE`; anything else → `META_REQUEST_FAILED`. The message and
 * context never contain the access token, and the SDK's error (whose URL holds it) is not
 * kept as `cause`; emails and phone numbers Graph echoes in its message are masked.
 *
 * @example
 * ```ts
 * try { return await api.call('GET', url); }
 * catch (error) { throw translateMetaError(error, { operation: 'GET {formId}/leads', accessToken }); }
 * ```
 */
export function translateMetaError(error: unknown, call: MetaCallDescription): BaltraError {
  const facts: SdkErrorFacts = typeof error === 'object' && error !== null ? error : {};
  const status = typeof facts.status === 'number' ? facts.status : undefined;
  const body = graphErrorBody(facts.response);
  const graphCode = typeof body.code === 'number' ? body.code : undefined;
  const graphMessage = typeof body.message === 'string' ? body.message : undefined;
  const fallback = typeof facts.message === 'string' ? facts.message : String(error);
  // Graph may echo lead data back in its messages; our errors travel to logs, traces and DLQs.
  const detail = scrubAccessToken(
    maskSensitiveText(graphMessage ?? fallback, { emailStyle: 'tail' }),
    call.accessToken,
  );
  const context = {
    operation: call.operation,
    ...(status === undefined ? {} : { status }),
    ...(graphCode === undefined ? {} : { graphCode }),
    ...(typeof body.error_subcode === 'number' ? { graphSubcode: body.error_subcode } : {}),
    ...(typeof body.type === 'string' ? { graphType: body.type } : {}),
    ...(typeof body.fbtrace_id === 'string' ? { fbtraceId: body.fbtrace_id } : {}),
  };
  const message = `Meta ${call.operation} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`;

  if (status === 429 || (graphCode !== undefined && isThrottlingCode(graphCode))) {
    const retryAfterMs = retryAfterFromUsage(facts.headers);
    return new MetaRateLimitedError(message, {
      context: { ...context, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      retryAfterMs,
    });
  }
  return new MetaGraphError(classify(status, graphCode, body), message, { context });
}

function classify(
  status: number | undefined,
  graphCode: number | undefined,
  body: GraphErrorBody,
): MetaGraphErrorCode {
  if (status === 401 || status === 403 || (graphCode !== undefined && AUTH_CODES.has(graphCode))) {
    return 'META_AUTH_FAILED';
  }
  // No status: no response at all (network failure, timeout).
  if (status === undefined || status >= 500 || status === 408) return 'META_UNAVAILABLE';
  if (body.is_transient === true || (graphCode !== undefined && TRANSIENT_CODES.has(graphCode))) {
    return 'META_UNAVAILABLE';
  }
  return 'META_REQUEST_FAILED';
}

function isThrottlingCode(code: number): boolean {
  return THROTTLING_CODES.has(code) || (code >= 80_000 && code <= 80_014);
}

function graphErrorBody(response: unknown): GraphErrorBody {
  if (typeof response !== 'object' || response === null) return {};
  // The SDK unwraps `{ error: {...} }`; a raw body may still have the wrapper.
  const wrapped = (response as { error?: unknown }).error;
  return typeof wrapped === 'object' && wrapped !== null ? wrapped : response;
}

/**
 * The longest `estimated_time_to_regain_access` (minutes) found in the usage headers, in ms.
 * `x-business-use-case-usage` maps business ids to arrays of usage entries; `x-app-usage` and
 * `x-ad-account-usage` are single objects.
 */
function retryAfterFromUsage(headers: unknown): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  let minutes = 0;
  for (const name of USAGE_HEADERS) {
    const raw = (headers as Record<string, unknown>)[name];
    if (typeof raw !== 'string') continue;
    for (const entry of usageEntries(raw)) {
      const value = (entry as { estimated_time_to_regain_access?: unknown })
        .estimated_time_to_regain_access;
      if (typeof value === 'number' && Number.isFinite(value)) minutes = Math.max(minutes, value);
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function usageEntries(raw: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  if ('estimated_time_to_regain_access' in parsed || 'call_count' in parsed) return [parsed];
  return Object.values(parsed).flatMap((value) => (Array.isArray(value) ? value : [value]));
}
