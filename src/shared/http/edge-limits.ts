import { EdgeOptionsError, type EdgeOptionsProblem } from './edge-options-error.js';

/** The size limits the service edge enforces, in bytes. */
export interface EdgeLimits {
  /** Largest request body accepted (413 `PAYLOAD_TOO_LARGE` above it). */
  readonly maxBodyBytes: number;
  /** Largest header section accepted (431 `HEADERS_TOO_LARGE` above it). */
  readonly maxHeaderBytes: number;
}

/** The limits given to the edge, each optional. */
export type EdgeLimitOptions = Partial<EdgeLimits>;

/** Defaults: a 1 MiB body and a 16 KiB header section (Node's own `maxHeaderSize`). */
export const DEFAULT_EDGE_LIMITS: EdgeLimits = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
});

/** The accepted range of each limit, inclusive. */
export const EDGE_LIMIT_BOUNDS: Readonly<Record<keyof EdgeLimits, readonly [number, number]>> =
  Object.freeze({
    maxBodyBytes: [1024, 256 * 1024 * 1024],
    maxHeaderBytes: [1024, 64 * 1024],
  });

/**
 * The edge's limits: the defaults ({@link DEFAULT_EDGE_LIMITS}) overridden by `options`, each
 * checked against {@link EDGE_LIMIT_BOUNDS} (`maxBodyBytes` 1 KiB – 256 MiB, `maxHeaderBytes`
 * 1 KiB – 64 KiB, integers). Throws {@link EdgeOptionsError} listing every invalid one.
 *
 * @example
 * ```ts
 * const limits = resolveEdgeLimits({ maxBodyBytes: 256 * 1024 });
 * app.use(express.json({ limit: limits.maxBodyBytes }));
 * ```
 */
export function resolveEdgeLimits(options: EdgeLimitOptions = {}): EdgeLimits {
  const problems: EdgeOptionsProblem[] = [];
  const resolved = { ...DEFAULT_EDGE_LIMITS };
  for (const option of Object.keys(EDGE_LIMIT_BOUNDS) as (keyof EdgeLimits)[]) {
    const value: unknown = options[option];
    if (value === undefined) continue;
    const [min, max] = EDGE_LIMIT_BOUNDS[option];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push({
        option,
        message: `must be an integer number of bytes, got ${describe(value)}`,
      });
    } else if (value < min || value > max) {
      problems.push({ option, message: `must be between ${min} and ${max} bytes, got ${value}` });
    } else {
      resolved[option] = value;
    }
  }
  if (problems.length > 0) throw new EdgeOptionsError(problems);
  return Object.freeze(resolved);
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
