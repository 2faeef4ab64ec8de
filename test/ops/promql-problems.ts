import { promqlNames } from './promql-names.js';

const CUMULATIVE = /_(total|bucket|sum|count)$/;
const PER_SECOND = new Set(['rate', 'irate', 'increase']);

/**
 * What is wrong with an expression against the exposed series (name → label names): metric
 * names no scrape exposes, label names that none of the expression's series carries, buckets
 * grouped without `le`. Empty when the expression only uses what is there.
 */
export function promqlProblems(
  expr: string,
  series: ReadonlyMap<string, readonly string[]>,
): string[] {
  let names: ReturnType<typeof promqlNames>;
  try {
    names = promqlNames(expr);
  } catch (error) {
    return [`cannot read ${JSON.stringify(expr)}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const carried = new Set<string>();
  for (const metric of names.metrics) {
    const labels = series.get(metric);
    if (labels === undefined) problems.push(`unknown metric ${metric}`);
    else for (const label of labels) carried.add(label);
  }
  if (names.metrics.length === 0) problems.push('selects no metric');
  for (const label of names.labels) {
    if (!carried.has(label)) {
      problems.push(`label ${label} is on none of ${names.metrics.join(', ') || 'no metric'}`);
    }
  }
  if (names.metrics.some((metric) => metric.endsWith('_bucket')) && !names.labels.includes('le')) {
    problems.push('histogram buckets without le');
  }
  return problems;
}

/**
 * How a query misreads its series: a counter (`_total`, or a histogram's `_bucket`, `_sum`,
 * `_count`) read other than through rate(), irate() or increase() (its raw value only tells
 * how long the process has run), or a gauge read through them.
 */
export function promqlReadingProblems(expr: string): string[] {
  const problems: string[] = [];
  for (const { metric, within } of promqlNames(expr).reads) {
    const counter = CUMULATIVE.test(metric);
    if (counter && !PER_SECOND.has(within)) {
      problems.push(`counter ${metric} read by ${within || 'itself'}, not rate/irate/increase`);
    } else if (!counter && PER_SECOND.has(within)) {
      problems.push(`gauge ${metric} read by ${within}`);
    }
  }
  return problems;
}
