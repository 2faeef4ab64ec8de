import { DuplicateHeaderError } from './duplicate-header-error.js';
import { type EdgeLimits, resolveEdgeLimits } from './edge-limits.js';
import { type HeaderBag, singleHeader } from './header-bag.js';
import { HeadersTooLargeError } from './headers-too-large-error.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';
import { countRawHeader } from './raw-header-count.js';
import type { ServiceEdgeOptions } from './service-edge-options.js';

/** What the guard reads of a request: Node's `rawHeaders` and the parsed header bag. */
export interface EdgeGuardRequest {
  readonly rawHeaders: readonly string[];
  readonly headers: HeaderBag;
}

/** What the guard enforces. */
export interface EdgeGuardPolicy {
  readonly limits: EdgeLimits;
  /** Headers that must not be repeated (lower- or mixed-case names). */
  readonly singleHeaders: readonly string[];
}

const DECIMAL = /^\d+$/;

/**
 * The guard policy of an edge built with `options`: its limits (validated, see
 * `resolveEdgeLimits`) and the headers that must not repeat — `Authorization` and the
 * authenticator's API-key header (`x-api-key` when there is none).
 *
 * @example
 * ```ts
 * const policy = edgeGuardPolicy({ authenticator, maxBodyBytes: 256 * 1024 });
 * guardEdgeRequest(req, policy);
 * ```
 */
export function edgeGuardPolicy(options: ServiceEdgeOptions): EdgeGuardPolicy {
  const limits = resolveEdgeLimits({
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
  });
  const apiKeyHeader = options.authenticator?.apiKeyHeader ?? 'x-api-key';
  return { limits, singleHeaders: ['authorization', apiKeyHeader] };
}

/**
 * Checks a request before any of it is used, in the order of cost: the header section's size
 * (each `Name: value` line with its CRLF) against `maxHeaderBytes` →
 * {@link HeadersTooLargeError}; each of `singleHeaders` sent at most once, counted in
 * `rawHeaders` → {@link DuplicateHeaderError}; a declared `Content-Length` within
 * `maxBodyBytes` → {@link PayloadTooLargeError} (the body is not read). Throws the first
 * failure.
 *
 * @example
 * ```ts
 * guardEdgeRequest(req, { limits, singleHeaders: ['authorization', 'x-api-key'] });
 * ```
 */
export function guardEdgeRequest(request: EdgeGuardRequest, policy: EdgeGuardPolicy): void {
  const { rawHeaders, headers } = request;
  const { maxHeaderBytes, maxBodyBytes } = policy.limits;
  let headerBytes = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    // Node decodes header bytes as latin1, so one character is one byte on the wire.
    headerBytes += (rawHeaders[index]?.length ?? 0) + (rawHeaders[index + 1]?.length ?? 0) + 4;
  }
  if (headerBytes > maxHeaderBytes) throw new HeadersTooLargeError(maxHeaderBytes, headerBytes);
  for (const name of policy.singleHeaders) {
    const count = countRawHeader(rawHeaders, name);
    if (count > 1) throw new DuplicateHeaderError(name, count);
  }
  const declared = singleHeader(headers, 'content-length');
  if (declared !== undefined && DECIMAL.test(declared) && Number(declared) > maxBodyBytes) {
    throw new PayloadTooLargeError(maxBodyBytes, Number(declared));
  }
}
