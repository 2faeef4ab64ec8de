import { classifyKey, type ExtraKeys, type KeyClass } from './classify-key.js';
import { type EmailMaskStyle, maskEmail } from './mask-email.js';
import { maskId } from './mask-id.js';
import { maskPhone } from './mask-phone.js';
import { maskSensitiveText } from './mask-sensitive-text.js';
import { requireWholeNumber } from './require-whole-number.js';
import { DEFAULT_MAX_STRING_LENGTH, type TruncationMarker, truncate } from './truncate.js';

/** A JSON-safe value, as {@link sanitise} returns it. */
export type SanitisedValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly SanitisedValue[]
  | { readonly [key: string]: SanitisedValue };

/** How {@link sanitise} converts and masks a value. */
export interface SanitiseOptions {
  /**
   * Mask PII: emails, phone numbers and personal ids, in strings and under keys that name
   * them; default `true`. Secrets (under secret keys, in URLs, bearer tokens) are always
   * masked.
   */
  readonly maskPii?: boolean;
  /** How emails are masked; default `'tail'` (`***e.com`, the source systems' rule). */
  readonly emailStyle?: EmailMaskStyle;
  /** Strings longer than this are cut; default 200 (the source systems' rule). */
  readonly maxStringLength?: number;
  /** How a cut string is marked; default `'ellipsis'` (never longer than `maxStringLength`). */
  readonly truncationMarker?: TruncationMarker;
  /** Nesting deeper than this becomes `'[Truncated]'`; default 10. */
  readonly maxDepth?: number;
  /** Keep the (masked) stack of errors; default `false`. */
  readonly includeStack?: boolean;
  /** More key names whose values become `'[REDACTED]'` (compared like the built-in ones). */
  readonly sensitiveKeys?: readonly string[];
  /** More key names whose values are personal ids, masked with `maskId`. */
  readonly idKeys?: readonly string[];
}

const REDACTED = '[REDACTED]';

interface Walk {
  readonly maskPii: boolean;
  readonly emailStyle: EmailMaskStyle;
  readonly maxStringLength: number;
  readonly truncationMarker: TruncationMarker;
  readonly maxDepth: number;
  readonly includeStack: boolean;
  readonly extraKeys: ExtraKeys;
  readonly ancestors: Set<object>;
}

/**
 * Deep-sanitises a value before it leaves the process — for a third party (telemetry
 * exporters, a workflow engine's failure cause) or a log — following the source systems'
 * sanitiser rules: emails masked (`***e.com`), personal ids masked (`***7890`), strings
 * longer than 200 characters truncated; and beyond them: phone numbers masked
 * (`+52*********78`), values under secret keys (password, token, apiKey, cookie,
 * databaseUrl …) replaced by `'[REDACTED]'`, credentials in URLs and bearer tokens masked.
 *
 * Values are masked by what they look like (an email inside free text) and by the key they
 * sit under (`phone: '5512345678'`, `citizen_id: 1234567890`, see `classifyKey`). The result
 * is JSON-safe: cycles become `'[Circular]'`, errors `{ name, message, code?, context?,
 * cause? }` (no stack unless asked), dates ISO strings, maps objects, sets arrays, bigints
 * strings. Masking happens before truncation, so a cut never leaves half an email readable.
 * Pure: the input is never modified. Invalid lengths or depths are an
 * `InvalidPiiOptionError`.
 *
 * @example
 * ```ts
 * sanitise({
 *   email: 'ana.lopez@example.com',
 *   citizen_id: 1234567890,
 *   phone: '+5215512345678',
 *   password: 'hunter2',
 *   note: 'x'.repeat(500),
 * });
 * // { email: '***e.com', citizen_id: '***7890', phone: '+52*********78',
 * //   password: '[REDACTED]', note: 'xxx…' (200 characters) }
 * ```
 */
export function sanitise(value: unknown, options: SanitiseOptions = {}): SanitisedValue {
  return walk(value, 0, {
    maskPii: options.maskPii ?? true,
    emailStyle: options.emailStyle ?? 'tail',
    maxStringLength: requireWholeNumber(
      'maxStringLength',
      options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH,
      0,
    ),
    truncationMarker: options.truncationMarker ?? 'ellipsis',
    maxDepth: requireWholeNumber('maxDepth', options.maxDepth ?? 10, 0),
    includeStack: options.includeStack ?? false,
    extraKeys: { secret: options.sensitiveKeys ?? [], personalId: options.idKeys ?? [] },
    ancestors: new Set(),
  });
}

function walk(value: unknown, depth: number, state: Walk): SanitisedValue {
  switch (typeof value) {
    case 'string':
      return text(value, state);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
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

function walkObject(object: object, depth: number, state: Walk): SanitisedValue {
  if (object instanceof Error) return walkError(object, depth, state);
  if (Array.isArray(object)) return object.map((item: unknown) => walk(item, depth, state));
  if (object instanceof Map) {
    const entries: Record<string, SanitisedValue> = {};
    for (const [key, item] of object) entries[String(key)] = field(String(key), item, depth, state);
    return entries;
  }
  if (object instanceof Set) return [...object].map((item: unknown) => walk(item, depth, state));
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
  const toJSON: unknown = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return walk(toJSON.call(object), depth, state);
  const entries: Record<string, SanitisedValue> = {};
  for (const [key, item] of Object.entries(object)) entries[key] = field(key, item, depth, state);
  return entries;
}

function walkError(error: Error, depth: number, state: Walk): SanitisedValue {
  const details = error as Error & { code?: unknown; context?: unknown };
  const entries: Record<string, SanitisedValue> = {
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

function field(key: string, value: unknown, depth: number, state: Walk): SanitisedValue {
  if (value === undefined || value === null) return value;
  const kind = classifyKey(key, state.extraKeys);
  if (kind === 'secret') return REDACTED;
  if (kind !== undefined && state.maskPii) {
    const masked = maskScalar(kind, value, state.emailStyle);
    if (masked !== undefined) {
      return truncate(masked, { maxLength: state.maxStringLength, marker: state.truncationMarker });
    }
  }
  return walk(value, depth, state);
}

/** A string or number under a PII key, masked as that kind of PII; other values walk on. */
function maskScalar(
  kind: Exclude<KeyClass, 'secret'>,
  value: unknown,
  style: EmailMaskStyle,
): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    return undefined;
  }
  const raw = String(value);
  switch (kind) {
    case 'personal-id':
      return maskId(raw);
    case 'phone':
      return maskPhone(raw);
    case 'email':
      return maskEmail(raw, { style });
  }
}

function text(value: string, state: Walk): string {
  const masked = maskSensitiveText(value, { maskPii: state.maskPii, emailStyle: state.emailStyle });
  return truncate(masked, { maxLength: state.maxStringLength, marker: state.truncationMarker });
}
