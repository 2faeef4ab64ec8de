import { maskSensitiveText } from './mask-sensitive-text.js';

/** A JSON-safe value, as written to a log line. */
export type LogValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly LogValue[]
  | { readonly [key: string]: LogValue };

/** How {@link toLogValue} converts and masks a value. */
export interface LogValueOptions {
  /** Mask emails and phone numbers in strings; default `true`. */
  readonly maskPii?: boolean;
  /** Strings longer than this are cut with a `…[truncated N chars]` suffix; default 2,000. */
  readonly maxStringLength?: number;
  /** Nesting deeper than this becomes `'[Truncated]'`; default 10. */
  readonly maxDepth?: number;
  /** Keep the (masked) stack of errors; default `false`. */
  readonly includeStack?: boolean;
  /** More key names whose values become `'[REDACTED]'` (compared like the built-in ones). */
  readonly sensitiveKeys?: readonly string[];
}

/** Key fragments whose values are secrets; keys are compared lower-case without `_`/`-`. */
const SENSITIVE_FRAGMENTS = [
  'password',
  'passwd',
  'secret',
  'token',
  'authorization',
  'apikey',
  'cookie',
  'databaseurl',
  'connectionstring',
  'privatekey',
  'accesskey',
  'credential',
  'jwt',
];
/** Short names that are secrets only as a whole key (as fragments they would match too much). */
const SENSITIVE_NAMES = new Set(['pwd', 'pin', 'otp', 'cvv', 'ssn', 'dsn', 'auth']);

const REDACTED = '[REDACTED]';

interface Walk {
  readonly maskPii: boolean;
  readonly maxStringLength: number;
  readonly maxDepth: number;
  readonly includeStack: boolean;
  readonly extraKeys: ReadonlySet<string>;
  readonly ancestors: Set<object>;
}

/**
 * Converts any value into a JSON-safe {@link LogValue} that is safe to log: values under
 * sensitive keys (password, secret, token, authorization, apiKey, cookie, databaseUrl …) become
 * `'[REDACTED]'`; credentials in URLs and bearer tokens are masked; emails and phone numbers
 * are masked unless `maskPii: false`; long strings are truncated; cycles become
 * `'[Circular]'`; errors become `{ name, message, code, context?, cause? }` (no stack unless
 * asked); dates become ISO strings; maps, sets, bigints and typed arrays get readable forms.
 * Never mutates its input.
 *
 * @example
 * ```ts
 * toLogValue({ user: 'ana.lopez@example.com', password: 'hunter2' }, { maskPii: false });
 * // { user: 'ana.lopez@example.com', password: '[REDACTED]' }
 * ```
 */
export function toLogValue(value: unknown, options: LogValueOptions = {}): LogValue {
  return walk(value, 0, {
    maskPii: options.maskPii ?? true,
    maxStringLength: options.maxStringLength ?? 2000,
    maxDepth: options.maxDepth ?? 10,
    includeStack: options.includeStack ?? false,
    extraKeys: new Set((options.sensitiveKeys ?? []).map(normaliseKey)),
    ancestors: new Set(),
  });
}

function walk(value: unknown, depth: number, state: Walk): LogValue {
  switch (typeof value) {
    case 'string':
      return text(value, state);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  }
  if (object instanceof URL) return text(object.href, state);
  if (state.ancestors.has(object)) return '[Circular]';
  if (depth >= state.maxDepth) return '[Truncated]';
  state.ancestors.add(object);
  try {
    return walkObject(object, depth + 1, state);
  } finally {
    state.ancestors.delete(object);
  }
}

function walkObject(object: object, depth: number, state: Walk): LogValue {
  if (object instanceof Error) return walkError(object, depth, state);
  if (Array.isArray(object)) return object.map((item: unknown) => walk(item, depth, state));
  if (object instanceof Map) {
    const entries: Record<string, LogValue> = {};
    for (const [key, item] of object) entries[String(key)] = field(String(key), item, depth, state);
    return entries;
  }
  if (object instanceof Set) return [...object].map((item: unknown) => walk(item, depth, state));
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
  const toJSON: unknown = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return walk(toJSON.call(object), depth, state);
  const entries: Record<string, LogValue> = {};
  for (const [key, item] of Object.entries(object)) entries[key] = field(key, item, depth, state);
  return entries;
}

function walkError(error: Error, depth: number, state: Walk): LogValue {
  const details = error as Error & { code?: unknown; context?: unknown };
  const entries: Record<string, LogValue> = {
    name: error.name,
    message: text(error.message, state),
  };
  if (details.code !== undefined) entries.code = walk(details.code, depth, state);
  if (details.context !== undefined) entries.context = walk(details.context, depth, state);
  if (error.cause !== undefined) entries.cause = walk(error.cause, depth, state);
  if (error instanceof AggregateError) entries.errors = walk(error.errors, depth, state);
  if (state.includeStack && error.stack !== undefined) entries.stack = text(error.stack, state);
  return entries;
}

function field(key: string, value: unknown, depth: number, state: Walk): LogValue {
  if (value !== undefined && value !== null && isSensitiveKey(key, state.extraKeys)) {
    return REDACTED;
  }
  return walk(value, depth, state);
}

function text(value: string, state: Walk): string {
  const masked = maskSensitiveText(value, { maskPii: state.maskPii });
  if (masked.length <= state.maxStringLength) return masked;
  const cut = masked.length - state.maxStringLength;
  return `${masked.slice(0, state.maxStringLength)}…[truncated ${cut} chars]`;
}

function isSensitiveKey(key: string, extra: ReadonlySet<string>): boolean {
  const normalised = normaliseKey(key);
  return (
    SENSITIVE_NAMES.has(normalised) ||
    extra.has(normalised) ||
    SENSITIVE_FRAGMENTS.some((fragment) => normalised.includes(fragment))
  );
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}
