import { maskSensitiveText } from '../../shared/pii/mask-sensitive-text.js';
import type { OpenAiModule } from './load-openai.js';
import { OpenAiError } from './openai-error.js';

/** The facts of an `openai` `APIError` the translation reads. */
interface ApiErrorFacts {
  readonly status?: unknown;
  readonly headers?: { get?(name: string): string | null } | undefined;
  readonly code?: unknown;
  readonly requestID?: unknown;
  readonly message: string;
}

/**
 * Turns an error of the `openai` client into an {@link OpenAiError} (status and
 * `retry-after` kept, message masked): a timeout is `TIMEOUT`, a lost connection
 * `UPSTREAM_UNAVAILABLE`. A caller's abort and anything that is not the client's are returned
 * unchanged; any other error with a numeric `status` (a client of the user's own making) is
 * translated by that status.
 *
 * @example
 * ```ts
 * try { await client.chat.completions.create(body); }
 * catch (error) { throw translateOpenAiError(error, await loadOpenAi(), Date.now()); }
 * ```
 */
export function translateOpenAiError(
  error: unknown,
  openai: OpenAiModule | undefined,
  now: number,
): unknown {
  const facts = error as ApiErrorFacts;
  // An error with an HTTP status counts too: a client of the user's own making may throw its own.
  const apiError =
    (openai !== undefined &&
      isA(error, openai.APIError) &&
      !isA(error, openai.APIUserAbortError)) ||
    (error instanceof Error && typeof facts.status === 'number');
  if (!apiError) return error;
  const message = `OpenAI: ${maskSensitiveText(facts.message)}`;
  const context = {
    openAiCode: typeof facts.code === 'string' ? facts.code : undefined,
    requestId: typeof facts.requestID === 'string' ? facts.requestID : undefined,
  };
  if (openai !== undefined && isA(error, openai.APIConnectionTimeoutError)) {
    return new OpenAiError('TIMEOUT', message, { cause: error, context });
  }
  if (typeof facts.status !== 'number') {
    return new OpenAiError('UPSTREAM_UNAVAILABLE', message, { cause: error, context });
  }
  const status = facts.status;
  const base = { cause: error, context, status };
  if (status === 429) {
    const retryAfterMs = retryAfterOf(facts.headers, now);
    return new OpenAiError('RATE_LIMITED', message, {
      ...base,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 408 || status >= 500)
    return new OpenAiError('UPSTREAM_UNAVAILABLE', message, base);
  if (status === 401 || status === 403) return new OpenAiError('AI_AUTH_FAILED', message, base);
  return new OpenAiError('AI_REQUEST_REJECTED', message, base);
}

// A plain function: `instanceof` on the structurally identical slice types would narrow to never.
function isA(error: unknown, type: OpenAiModule['APIError']): boolean {
  return error instanceof type;
}

/** `retry-after-ms` (OpenAI's), else `retry-after` in seconds or as an HTTP date. */
function retryAfterOf(headers: ApiErrorFacts['headers'], now: number): number | undefined {
  if (typeof headers?.get !== 'function') return undefined;
  const millis = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const header = headers.get('retry-after');
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
