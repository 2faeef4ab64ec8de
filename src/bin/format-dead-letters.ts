import type { DeadLetterSummary } from '../infra/dead-letters/list-dead-letters.js';
import type { DeadLetterView } from '../infra/dead-letters/show-dead-letter.js';

/**
 * The lines of `baltra dlq list`: counts by reason (with sample ids), error code and source
 * queue, and the oldest and newest dead letter's age.
 *
 * @example
 * ```ts
 * for (const line of formatDeadLetterSummary(summary)) console.log(line);
 * ```
 */
export function formatDeadLetterSummary(summary: DeadLetterSummary): string[] {
  if (summary.read === 0) return [`${summary.queue}: no messages`];
  const lines = [
    `${summary.queue}: ${summary.complete ? '' : 'at least '}${summary.read} message${summary.read === 1 ? '' : 's'}${summary.complete ? '' : ` (read the first ${summary.read}; --limit reads more)`}`,
    '',
    ...table(
      ['REASON', 'COUNT', 'SAMPLE IDS'],
      summary.byReason.map((entry) => [
        entry.reason,
        String(entry.count),
        entry.sampleIds.join(' '),
      ]),
    ),
    '',
    ...table(
      ['ERROR CODE', 'COUNT'],
      summary.byErrorCode.map((entry) => [entry.errorCode, String(entry.count)]),
    ),
    '',
    ...table(
      ['SOURCE QUEUE', 'COUNT'],
      summary.bySourceQueue.map((entry) => [entry.sourceQueue, String(entry.count)]),
    ),
    '',
  ];
  if (summary.oldest) lines.push(`oldest  ${ageLine(summary.oldest)}`);
  if (summary.newest) lines.push(`newest  ${ageLine(summary.newest)}`);
  return lines;
}

/**
 * The lines of `baltra dlq show`: the record, the attributes and the body, all masked.
 *
 * @example
 * ```ts
 * for (const line of formatDeadLetterView(view)) console.log(line);
 * ```
 */
export function formatDeadLetterView(view: DeadLetterView): string[] {
  const record = view.record;
  const rows: [string, string][] = [['message', view.messageId]];
  if (record) {
    rows.push(['reason', record.reason]);
    rows.push(['error', `${record.error_code}: ${record.error_message}`]);
    rows.push([
      'source',
      `${record.source_queue || '?'} (message ${record.message_id || '?'}, received ${record.receive_count} time${record.receive_count === 1 ? '' : 's'})`,
    ]);
    if (record.failures !== undefined || record.crashes !== undefined) {
      rows.push(['attempts', `${record.failures ?? 0} failed, ${record.crashes ?? 0} crashed`]);
    }
    if (record.action_id) {
      rows.push([
        'action',
        `${record.action_id}${record.tenant_id ? ` (tenant ${record.tenant_id})` : ''}`,
      ]);
    }
    if (record.dropped_attributes?.length) {
      rows.push(['dropped', `attributes ${record.dropped_attributes.join(', ')} (did not fit)`]);
    }
    if (record.body_truncated) {
      rows.push([
        'body cut',
        `${record.body_truncated.original_bytes} bytes before, sha256 ${record.body_truncated.sha256}: not replayable`,
      ]);
    }
  } else {
    rows.push(['reason', 'unrecorded (no dead-letter record: moved by a redrive policy?)']);
  }
  if (view.groupId !== undefined) rows.push(['group', view.groupId]);
  rows.push([
    'dead-lettered',
    `${view.deadLetteredAt.toISOString()} (${ago(Date.now() - view.deadLetteredAt.getTime())})`,
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  const attributes = { ...view.attributes };
  for (const [name, moved] of Object.entries(record?.moved_attributes ?? {})) {
    attributes[name] = moved.string_value ?? `[${moved.data_type}]`;
  }
  lines.push('', 'attributes:');
  const names = Object.keys(attributes).sort();
  if (names.length === 0) lines.push('  (none)');
  for (const name of names) lines.push(`  ${name} = ${attributes[name]}`);
  lines.push('', 'body:', ...view.body.split('\n'));
  return lines;
}

function ageLine(age: { messageId: string; deadLetteredAt: Date; ageSeconds: number }): string {
  return `${age.deadLetteredAt.toISOString()} (${ago(age.ageSeconds * 1000)})  ${age.messageId}`;
}

/** `3d 4h ago`, `5m ago`, `just now`. */
function ago(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? 'just now' : `${parts.join(' ')} ago`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)];
}
