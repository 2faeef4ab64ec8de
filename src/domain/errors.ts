import type { z } from 'zod';

/**
 * Brand shared by every error class of the SDK (domain, shared and infra), so that
 * {@link isBaltraError} recognises them without the layers importing each other.
 */
export const BALTRA_ERROR = Symbol.for('@baltra/sdk/error');

/** Extra facts about an error: identifiers, names, never secrets or PII. */
export type ErrorContext = Readonly<Record<string, unknown>>;

export interface BaltraErrorOptions {
  readonly context?: ErrorContext;
  readonly cause?: unknown;
}

/**
 * Base class of every error the SDK throws. `code` is stable across releases and safe to
 * branch on; `message` is for humans and may change.
 *
 * @example
 * ```ts
 * try { await service.moveCandidate(cmd); }
 * catch (error) { if (isBaltraError(error) && error.code === 'NOT_FOUND') return notFound(); throw error; }
 * ```
 */
export abstract class BaltraError extends Error {
  readonly [BALTRA_ERROR] = true;
  abstract readonly code: string;
  readonly context: ErrorContext;

  constructor(message: string, options: BaltraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }

  /** A log- and wire-safe view: code, name, message and context; no stack, no cause. */
  toJSON(): { name: string; code: string; message: string; context: ErrorContext } {
    return { name: this.name, code: this.code, message: this.message, context: this.context };
  }
}

/** A business rule was broken (for example an illegal funnel move). */
export class DomainError extends BaltraError {
  readonly code: string;
  constructor(message: string, options: BaltraErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'DOMAIN_RULE_VIOLATED';
  }
}

/** A requested entity does not exist. */
export class NotFoundError extends BaltraError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id: string, options: BaltraErrorOptions = {}) {
    super(`${entity} ${id} was not found`, {
      ...options,
      context: { entity, id, ...options.context },
    });
  }
}

/**
 * The operation clashes with existing state (a unique key, a concurrent change). `code` is
 * `CONFLICT` unless a more specific one is given (`LOCK_TIMEOUT`, `LOCK_NOT_OWNED`).
 */
export class ConflictError extends BaltraError {
  readonly code: string;
  constructor(message: string, options: BaltraErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'CONFLICT';
  }
}

/** Input failed validation; `issues` are the zod issues, with paths. */
export class ValidationError extends BaltraError {
  readonly code = 'VALIDATION_FAILED';
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(
    subject: string,
    issues: readonly z.core.$ZodIssue[],
    options: BaltraErrorOptions = {},
  ) {
    super(`${subject} is invalid: ${formatIssues(issues)}`, options);
    this.issues = issues;
  }

  /** Builds the error from a failed `safeParse` result. */
  static fromZod(subject: string, error: z.ZodError): ValidationError {
    return new ValidationError(subject, error.issues);
  }
}

/** A dependency (database, queue, remote API) failed; `cause` holds the original error. */
export class InfrastructureError extends BaltraError {
  readonly code: string;
  constructor(message: string, options: BaltraErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'INFRASTRUCTURE_FAILURE';
  }
}

/** True for any error thrown by the SDK, whatever layer or copy of the package threw it. */
export function isBaltraError(
  error: unknown,
): error is Error & { code: string; context: ErrorContext } {
  return typeof error === 'object' && error !== null && BALTRA_ERROR in error;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
