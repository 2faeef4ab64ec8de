import type { StandardSchemaV1 } from '../validation/standard-schema-v1.js';

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** One request of a {@link ServiceClient}. */
export interface ServiceRequest<S extends StandardSchemaV1> {
  readonly method?: HttpMethod;
  /** Path below the versioned base, starting with `/`: `/candidates/123`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `idempotency-key`; makes a POST or PATCH retryable. */
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
  /**
   * Validates the response's `data` (or the whole body without the envelope): any Standard
   * Schema v1 validator (zod, valibot, arktype …); an async one is awaited.
   */
  readonly schema: S;
}

/** Per-call options of the method shortcuts. */
export type ServiceRequestOptions = Omit<
  ServiceRequest<StandardSchemaV1>,
  'method' | 'path' | 'schema' | 'body'
>;
