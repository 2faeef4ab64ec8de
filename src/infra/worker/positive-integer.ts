import { WorkerConfigurationError } from './worker-configuration-error.js';

/**
 * `value` when it is a positive integer; otherwise a `WorkerConfigurationError` naming the option.
 *
 * @example
 * ```ts
 * const concurrency = positiveInteger('concurrency', options.concurrency ?? 10);
 * ```
 */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WorkerConfigurationError(`${name} must be a positive integer (got ${value})`);
  }
  return value;
}
