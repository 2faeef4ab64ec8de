import { type DomainAction, domainActionSchema } from './domain-action.js';
import { fastDomainAction } from './fast-domain-action.js';
import { MalformedActionError } from './malformed-action-error.js';

/** SQS's own limit: larger bodies cannot be sent, so larger ones received are not ours. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Options of {@link parseDomainAction}. */
export interface ParseDomainActionOptions {
  /** Bodies larger than this (UTF-8 bytes) are rejected as `oversized`; default 256 KiB. */
  readonly maxBodyBytes?: number;
}

/**
 * Turns a queue message body into a DomainAction, or throws {@link MalformedActionError} with
 * the dead-letter reason: `oversized`, `invalid_json`, `missing_tenant` or `invalid_envelope`
 * (the message names the failing fields, never their values).
 *
 * @example
 * ```ts
 * const action = parseDomainAction(message.body);
 * console.log(action.action_type, action.tenant_id);
 * ```
 */
export function parseDomainAction(
  body: string,
  options: ParseDomainActionOptions = {},
): DomainAction {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: only bodies between those bounds need counting.
  if (
    body.length > maxBodyBytes ||
    (body.length * 3 > maxBodyBytes && Buffer.byteLength(body, 'utf8') > maxBodyBytes)
  ) {
    throw new MalformedActionError('oversized', `Message body exceeds ${maxBodyBytes} bytes`, {
      context: { maxBodyBytes },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new MalformedActionError('invalid_json', 'Message body is not valid JSON', {
      cause: error,
    });
  }
  const checked = fastDomainAction(json);
  if (checked !== undefined) return checked;
  const result = domainActionSchema.safeParse(json);
  if (result.success) return result.data as DomainAction;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  // A missing tenant is its own reason only when it is what is wrong with the envelope.
  const reason =
    fields.includes('tenant_id') && fields.every((field) => field.startsWith('tenant_'))
      ? 'missing_tenant'
      : 'invalid_envelope';
  throw new MalformedActionError(
    reason,
    `Message is not a valid DomainAction: ${fields.join(', ')}`,
    { context: { fields } },
  );
}
