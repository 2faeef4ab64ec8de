// Metric and label names in a PromQL expression, without a full PromQL parser: a tokenizer
// that knows strings, comments, durations, Grafana variables, label matchers, grouping clauses
// and keywords, so that whatever identifier is left over is a metric name.

/** The metric names an expression selects and the label names it matches or groups on. */
export interface PromqlNames {
  readonly metrics: readonly string[];
  readonly labels: readonly string[];
  /** Each selection of a metric, with the function whose argument it is ('' for none). */
  readonly reads: readonly { readonly metric: string; readonly within: string }[];
}

type Token =
  | { readonly kind: 'identifier' | 'string' | 'number' | 'variable'; readonly text: string }
  | { readonly kind: 'punctuation'; readonly text: string };

// Aggregation operators may be followed by `by`/`without` rather than `(`, and binary
// keywords are never followed by `(`, so neither can be told from a metric by position.
const KEYWORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'inf',
  'nan',
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const MATCH_OPERATORS = new Set(['=', '!=', '=~', '!~']);
const TWO_CHARACTER_PUNCTUATION = new Set(['==', '!=', '<=', '>=', '=~', '!~']);

const IDENTIFIER = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const NUMBER =
  /^(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)?)/;
const VARIABLE = /^\$(?:\{[^}]*\}|[a-zA-Z_][a-zA-Z0-9_]*)/;

/**
 * The metric names (in order of first use) and label names of a PromQL expression.
 * Throws on what it cannot check: an unterminated string or bracket, a regex on `__name__`.
 */
export function promqlNames(expr: string): PromqlNames {
  const tokens = tokenize(expr);
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const reads: { metric: string; within: string }[] = [];
  // The function of each open parenthesis ('' for grouping parentheses and aggregations
  // whose clause comes first).
  const open: string[] = [];
  const within = () => open.at(-1) ?? '';
  let i = 0;
  const next = () => tokens[i + 1];
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.kind === 'punctuation' && token.text === '{') {
      const [end, named] = readMatchers(tokens, i, labels);
      for (const metric of named) {
        metrics.add(metric);
        reads.push({ metric, within: within() });
      }
      i = end;
      continue;
    }
    if (token.kind === 'punctuation' && (token.text === '(' || token.text === ')')) {
      if (token.text === '(') open.push('');
      else open.pop();
      i += 1;
      continue;
    }
    if (token.kind !== 'identifier') {
      i += 1;
      continue;
    }
    const word = token.text.toLowerCase();
    if (GROUPING.has(word)) {
      i += 1;
      if (tokens[i]?.text === '(') i = readLabelList(tokens, i, labels);
      continue;
    }
    if (next()?.text === '(') {
      open.push(word);
      i += 2;
      continue;
    }
    if (KEYWORDS.has(word)) {
      i += 1;
      continue;
    }
    metrics.add(token.text);
    reads.push({ metric: token.text, within: within() });
    // A selector's matchers belong to the name before them.
    i = next()?.text === '{' ? readMatchers(tokens, i + 1, labels)[0] : i + 1;
  }
  return { metrics: [...metrics], labels: [...labels], reads };
}

/**
 * Reads `{ name op "value", … }` from the `{` at `start`; returns the index after `}` and the
 * metric names the matchers give (`__name__="…"`, a quoted name alone).
 */
function readMatchers(
  tokens: readonly Token[],
  start: number,
  labels: Set<string>,
): [number, string[]] {
  const metrics: string[] = [];
  let i = start + 1;
  while (i < tokens.length && tokens[i]!.text !== '}') {
    const name = tokens[i]!;
    if (name.text === ',') {
      i += 1;
      continue;
    }
    const operator = tokens[i + 1];
    if (operator === undefined || !MATCH_OPERATORS.has(operator.text)) {
      // Prometheus 3 accepts a quoted metric name alone among the matchers: {"a.b", c="d"}.
      if (name.kind !== 'string') throw new Error(`unexpected ${name.text} in a label matcher`);
      metrics.push(name.text);
      i += 1;
      continue;
    }
    const value = tokens[i + 2];
    if (value?.kind !== 'string') {
      throw new Error(`label matcher ${name.text}${operator.text} has no quoted value`);
    }
    if (name.text === '__name__') {
      if (operator.text !== '=') {
        throw new Error(`cannot check the metric names of __name__${operator.text}${value.text}`);
      }
      metrics.push(value.text);
    } else {
      labels.add(name.text);
    }
    i += 3;
  }
  if (i >= tokens.length) throw new Error('unterminated label matchers: missing }');
  return [i + 1, metrics];
}

/** Reads `( a, b, … )` from the `(` at `start`; returns the index after `)`. */
function readLabelList(tokens: readonly Token[], start: number, labels: Set<string>): number {
  let i = start + 1;
  while (i < tokens.length && tokens[i]!.text !== ')') {
    const token = tokens[i]!;
    if (token.kind === 'identifier' || token.kind === 'string') labels.add(token.text);
    else if (token.text !== ',') throw new Error(`unexpected ${token.text} in a label list`);
    i += 1;
  }
  if (i >= tokens.length) throw new Error('unterminated label list: missing )');
  return i + 1;
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const char = expr[i]!;
    const rest = expr.slice(i);
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '#') {
      const end = expr.indexOf('\n', i);
      i = end === -1 ? expr.length : end;
    } else if (char === '"' || char === "'" || char === '`') {
      const [text, end] = readString(expr, i);
      tokens.push({ kind: 'string', text });
      i = end;
    } else if (char === '[') {
      // Range, subquery or Grafana [[variable]]: durations and steps only, never names.
      i = skipBrackets(expr, i);
    } else if (VARIABLE.test(rest)) {
      const text = VARIABLE.exec(rest)![0];
      tokens.push({ kind: 'variable', text });
      i += text.length;
    } else if (NUMBER.test(rest)) {
      const text = NUMBER.exec(rest)![0];
      tokens.push({ kind: 'number', text });
      i += text.length;
    } else if (IDENTIFIER.test(rest)) {
      const text = IDENTIFIER.exec(rest)![0];
      tokens.push({ kind: 'identifier', text });
      i += text.length;
    } else {
      const text = TWO_CHARACTER_PUNCTUATION.has(rest.slice(0, 2)) ? rest.slice(0, 2) : char;
      tokens.push({ kind: 'punctuation', text });
      i += text.length;
    }
  }
  return tokens;
}

/** The unescaped content of the string starting at `start`, and the index after it. */
function readString(expr: string, start: number): [string, number] {
  const quote = expr[start]!;
  let text = '';
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) {
    if (expr[i] === '\\' && quote !== '`') i += 1;
    text += expr[i] ?? '';
    i += 1;
  }
  if (i >= expr.length) throw new Error(`unterminated string starting at ${start}: ${expr}`);
  return [text, i + 1];
}

function skipBrackets(expr: string, start: number): number {
  let depth = 0;
  for (let i = start; i < expr.length; i += 1) {
    if (expr[i] === '[') depth += 1;
    if (expr[i] === ']') depth -= 1;
    if (depth === 0) return i + 1;
  }
  throw new Error(`unterminated [ starting at ${start}: ${expr}`);
}
