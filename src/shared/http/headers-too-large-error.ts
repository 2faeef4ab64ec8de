import { EdgeError } from './edge-error.js';

/**
 * The request's header section is larger than the edge accepts (`maxHeaderBytes`, default
 * 16 KiB): answered 431 `HEADERS_TOO_LARGE` (RFC 6585 "Request Header Fields Too Large", the
 * status Node's own HTTP parser answers past its `maxHeaderSize`).
 *
 * @example
 * ```ts
 * if (headerBytes > limits.maxHeaderBytes) {
 *   throw new HeadersTooLargeError(limits.maxHeaderBytes, headerBytes);
 * }
 * ```
 */
export class HeadersTooLargeError extends EdgeError {
  readonly code = 'HEADERS_TOO_LARGE';
  readonly status = 431;
  readonly retryable = false;
  readonly limitBytes: number;

  constructor(limitBytes: number, receivedBytes: number) {
    super(`The request headers exceed the limit of ${limitBytes} bytes`, {
      context: { limitBytes, receivedBytes },
    });
    this.limitBytes = limitBytes;
  }
}
