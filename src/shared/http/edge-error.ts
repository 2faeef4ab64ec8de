const BALTRA_ERROR = Symbol.for('@baltra/sdk/error');

/** Options of every {@link EdgeError}: safe context (ids, names, never secrets) and a cause. */
export interface EdgeErrorOptions {
  readonly context?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * Base class of the errors thrown by the service edge (auth, HTTP client, resilience, health).
 * It carries the SDK error brand `Symbol.for('@baltra/sdk/error')` itself, because `shared`
 * cannot import the domain's `BaltraError` (ADR 0005): `isBaltraError()` recognises it and
 * `toErrorEnvelope()` maps it by its stable `code`. `toJSON()` never includes the stack or
 * the cause.
 *
 * @example
 * ```ts
 * class QuotaExceededError extends EdgeError {
 *   readonly code = 'RATE_LIMITED';
 * }
 * throw new QuotaExceededError('Too many requests', { context: { tenantId } });
 * ```
 */
export abstract class EdgeError extends Error {
  readonly [BALTRA_ERROR] = true;
  abstract readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: EdgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = Object.freeze({ ...options.context });
  }

  /** A log- and wire-safe view: name, code, message and context; no stack, no cause. */
  toJSON(): {
    name: string;
    code: string;
    message: string;
    context: Readonly<Record<string, unknown>>;
  } {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }
}
