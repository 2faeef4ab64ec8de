import { promqlNames } from './promql-names.js';

/**
 * What is wrong with an expression against the exposed series (name → label names): metric
 * names no scrape exposes, and label names that none of the expression's series carries.
 * Empty when the expression only uses what is there.
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
  return problems;
}
