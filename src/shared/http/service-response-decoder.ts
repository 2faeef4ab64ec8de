import { issuePath } from '../validation/issue-path.js';
import { redactIssueMessage } from '../validation/redact-issue-message.js';
import type { StandardSchemaV1 } from '../validation/standard-schema-v1.js';
import { HttpClientError } from './http-client-error.js';
import { ResponseValidationError } from './response-validation-error.js';

/** A 2xx response, read within the size limit. */
export interface ServiceResponse {
  readonly status: number;
  readonly text: string;
}

/**
 * Turns another service's responses into data or typed errors: a status of 300 or more is an
 * {@link HttpClientError} (with the remote envelope's `error.code` and `Retry-After`;
 * redirects are never followed), a body over the size limit or not matching the envelope or
 * the schema (any Standard Schema v1 validator) a {@link ResponseValidationError} naming the
 * paths and messages of the issues, never the values received.
 *
 * @example
 * ```ts
 * const decoder = new ServiceResponseDecoder({ maxResponseBytes: 1024 * 1024, envelope: true });
 * const data = await decoder.decode('GET', '/candidates/42', await decoder.read('GET', '/candidates/42', response), schema);
 * ```
 */
export class ServiceResponseDecoder {
  readonly #maxResponseBytes: number;
  readonly #envelope: boolean;

  constructor(options: { readonly maxResponseBytes: number; readonly envelope: boolean }) {
    this.#maxResponseBytes = options.maxResponseBytes;
    this.#envelope = options.envelope;
  }

  /** Reads a 2xx response's body; throws {@link HttpClientError} for any other status. */
  async read(method: string, path: string, response: Response): Promise<ServiceResponse> {
    if (response.status >= 300) {
      const text = response.status >= 400 ? await this.#readText(method, path, response) : '';
      if (response.status < 400) await response.body?.cancel();
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const remoteCode = remoteErrorCode(text);
      throw new HttpClientError({
        method,
        path,
        status: response.status,
        ...(remoteCode === undefined ? {} : { remoteCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    return { status: response.status, text: await this.#readText(method, path, response) };
  }

  /** The body's `data` (or the whole body without the envelope), validated by `schema`. */
  async decode<S extends StandardSchemaV1>(
    method: string,
    path: string,
    result: ServiceResponse,
    schema: S,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    let body: unknown;
    if (result.text.trim() !== '') {
      try {
        body = JSON.parse(result.text);
      } catch {
        throw new ResponseValidationError(method, path, ['(root): body is not JSON']);
      }
    }
    let data = body;
    if (this.#envelope && result.status !== 204) {
      if (typeof body !== 'object' || body === null || (body as { ok?: unknown }).ok !== true) {
        throw new ResponseValidationError(method, path, ['(root): expected { ok: true, data }']);
      }
      data = (body as { data?: unknown }).data;
    }
    const parsed = await schema['~standard'].validate(data);
    if (parsed.issues) {
      throw new ResponseValidationError(
        method,
        path,
        parsed.issues.map(
          (issue) =>
            `${issuePath(issue).join('.') || '(root)'}: ${redactIssueMessage(issue, data)}`,
        ),
      );
    }
    return parsed.value as StandardSchemaV1.InferOutput<S>;
  }

  async #readText(method: string, path: string, response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.#maxResponseBytes || response.body === null) {
      await response.body?.cancel();
      if (declared > this.#maxResponseBytes) throw tooLarge(method, path, this.#maxResponseBytes);
      return '';
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > this.#maxResponseBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge(method, path, this.#maxResponseBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function tooLarge(method: string, path: string, limit: number): ResponseValidationError {
  return new ResponseValidationError(method, path, [`(root): body exceeds ${limit} bytes`]);
}

function remoteErrorCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown } };
    const code = body.ok === false ? body.error?.code : undefined;
    return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
