import type { SpanIdentity } from '../telemetry/telemetry.js';

/** The SQS system attribute carrying an X-Ray trace header. */
export const AWS_TRACE_HEADER = 'AWSTraceHeader';

const ROOT = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;
const PARENT = /^[0-9a-f]{16}$/;

/**
 * The W3C identity of an X-Ray trace header (`Root=1-5759e988-bd862e3fe1be46a994272793;
 * Parent=53995c3f42cd8ad8;Sampled=1`, fields in any order, others ignored): the trace id is
 * the root's two hex parts joined (X-Ray ids are W3C ids with a time prefix), the span id is
 * `Parent`, and the flags are sampled only for `Sampled=1`. `undefined` for anything else,
 * including a header without `Parent` (a trace with no span to continue from).
 *
 * @example
 * ```ts
 * parseAwsTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 * // { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', traceFlags: 1 }
 * ```
 */
export function parseAwsTraceHeader(header: string | undefined): SpanIdentity | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const root = ROOT.exec(fields.get('Root')?.toLowerCase() ?? '');
  const parent = fields.get('Parent')?.toLowerCase() ?? '';
  if (root === null || !PARENT.test(parent)) return undefined;
  const traceId = `${root[1]}${root[2]}`;
  if (/^0+$/.test(traceId) || /^0+$/.test(parent)) return undefined;
  return { traceId, spanId: parent, traceFlags: fields.get('Sampled') === '1' ? 1 : 0 };
}
