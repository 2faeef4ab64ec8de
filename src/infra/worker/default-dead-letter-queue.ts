/**
 * The default dead-letter queue of a queue: `{name}-dlq`, or `{base}-dlq.fifo` for FIFO.
 *
 * @example
 * ```ts
 * defaultDeadLetterQueue('leads.fifo'); // 'leads-dlq.fifo'
 * ```
 */
export function defaultDeadLetterQueue(name: string): string {
  return name.endsWith('.fifo') ? `${name.slice(0, -5)}-dlq.fifo` : `${name}-dlq`;
}
