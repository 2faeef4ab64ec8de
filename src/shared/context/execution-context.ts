import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Facts about the unit of work being executed (a request, a DomainAction, a job), carried
 * implicitly across `await`s so logs, metrics and outgoing calls can be correlated.
 * Extra keys are allowed for service-specific facts; keep them free of PII and secrets.
 */
export interface ExecutionContext {
  /** Follows the work across services and queues. */
  readonly correlationId: string;
  readonly tenantId?: string;
  /**
   * The company (a UUID) the work acts for. With PostgreSQL row-level security on,
   * `KyselyUnitOfWork` limits its transactions to this company's rows (docs/guides/security.md).
   */
  readonly companyId?: string;
  /** The tenant's plan: free | advance | professional | enterprise. */
  readonly tenantTier?: string;
  /** The DomainAction being processed. */
  readonly actionId?: string;
  readonly taskId?: string;
  readonly sessionId?: string;
  readonly [key: string]: unknown;
}

/**
 * What {@link runWithContext} adds to the current context: every key optional, `undefined`
 * allowed (and ignored), so optional facts can be passed straight through.
 */
export type ExecutionContextPatch = {
  readonly [K in keyof ExecutionContext]?: ExecutionContext[K] | undefined;
};

// Kept on globalThis so two copies of the SDK in one process share one context.
const STORAGE_KEY = Symbol.for('@baltra/sdk/execution-context');

type GlobalWithStorage = typeof globalThis & {
  [STORAGE_KEY]?: AsyncLocalStorage<ExecutionContext>;
};

function storage(): AsyncLocalStorage<ExecutionContext> {
  const holder = globalThis as GlobalWithStorage;
  holder[STORAGE_KEY] ??= new AsyncLocalStorage<ExecutionContext>();
  return holder[STORAGE_KEY];
}

function peek(): AsyncLocalStorage<ExecutionContext> | undefined {
  return (globalThis as GlobalWithStorage)[STORAGE_KEY];
}

/**
 * Runs `fn` with `context` merged onto the current one (inner keys win; `undefined` values
 * and an empty `correlationId` are ignored). A new correlation id is generated when neither provides one. Whatever `fn`
 * starts, awaited or not, sees the merged context; the outer context is unchanged.
 *
 * @example
 * ```ts
 * await runWithContext({ correlationId: message.correlationId, tenantId: action.tenantId }, () =>
 *   processor.handle(action),
 * );
 * ```
 */
export function runWithContext<R>(context: ExecutionContextPatch, fn: () => R): R {
  const outer = peek()?.getStore();
  const merged: Record<string, unknown> = outer === undefined ? {} : { ...outer };
  // for…in over own keys: Object.entries would allocate a pair per key on every action.
  for (const key in context) {
    if (!Object.hasOwn(context, key)) continue;
    const value = context[key];
    if (value === undefined || (key === 'correlationId' && value === '')) continue;
    merged[key] = value;
  }
  if (typeof merged.correlationId !== 'string' || merged.correlationId === '') {
    merged.correlationId = newCorrelationId();
  }
  return storage().run(Object.freeze(merged) as ExecutionContext, fn);
}

/**
 * The context of the work currently executing, or `undefined` outside {@link runWithContext}.
 *
 * @example
 * ```ts
 * const correlationId = getExecutionContext()?.correlationId ?? newCorrelationId();
 * ```
 */
export function getExecutionContext(): ExecutionContext | undefined {
  return peek()?.getStore();
}

/**
 * A fresh correlation id (a random UUID v4).
 *
 * @example
 * ```ts
 * headers['x-correlation-id'] = getExecutionContext()?.correlationId ?? newCorrelationId();
 * ```
 */
export function newCorrelationId(): string {
  return randomUUID();
}
