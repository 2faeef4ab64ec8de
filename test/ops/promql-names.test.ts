// The PromQL name extractor the dashboard and alert-rule tests rely on, on expressions built
// to fool it: label names in matchers and grouping clauses, strings, durations, keywords,
// functions, Grafana variables and comments must never pass for metric names.
import { describe, expect, it } from 'vitest';
import { variableQueryExpr } from './grafana-dashboards.js';
import { promqlNames } from './promql-names.js';
import { promqlProblems, promqlReadingProblems } from './promql-problems.js';

describe('promqlNames', () => {
  it.each([
    {
      case: 'matchers and by() hold labels, the range a Grafana variable',
      expr: 'sum by (route, le) (rate(http_server_request_duration_seconds_bucket{route=~"/v1/.*", method!="GET"}[$__rate_interval]))',
      metrics: ['http_server_request_duration_seconds_bucket'],
      labels: ['route', 'le', 'method'],
    },
    {
      case: 'grouping after the aggregation, without(), a number argument',
      expr: 'histogram_quantile(0.99, sum(rate(a_bucket[5m])) without (instance)) > 2',
      metrics: ['a_bucket'],
      labels: ['instance'],
    },
    {
      case: 'on(), group_left() and ignoring() hold labels',
      expr: 'a / on (queue) group_left (tier) b + ignoring(state) c * on() group_right d',
      metrics: ['a', 'b', 'c', 'd'],
      labels: ['queue', 'tier', 'state'],
    },
    {
      case: 'strings with names, braces, brackets and escaped quotes in them',
      expr: 'label_replace(up{job="a{b}[c]\\"rate(x)"}, "dst", "rate(foo_total)", \'src\', `(.*)\\`)',
      metrics: ['up'],
      labels: ['job'],
    },
    {
      case: 'binary keywords, bool and functions without arguments',
      expr: 'sum(rate(a_total[5m])) > bool 0 and b unless c or vector(1) + time() - atan2 d',
      metrics: ['a_total', 'b', 'c', 'd'],
      labels: [],
    },
    {
      case: 'offset, @ end() and a subquery with a step',
      expr: 'max_over_time(rate(a_total[5m] offset -1h30m)[1h:5m] @ end())',
      metrics: ['a_total'],
      labels: [],
    },
    {
      case: '__name__ equality names the metric',
      expr: '{__name__="queue_messages", state="visible"}',
      metrics: ['queue_messages'],
      labels: ['state'],
    },
    {
      case: 'comments end at the line end',
      expr: 'a # b_total{c="d"}\n+ e',
      metrics: ['a', 'e'],
      labels: [],
    },
    {
      case: 'keywords in upper case, Inf and NaN, hex and exponent numbers',
      expr: 'SUM BY (x) (a) > Inf or b != NaN or c > 0x1F or d < 1e-3',
      metrics: ['a', 'b', 'c', 'd'],
      labels: ['x'],
    },
    {
      case: 'a function name without ( is a metric; recording-rule names with colons',
      expr: 'rate + job:http_requests:rate5m',
      metrics: ['rate', 'job:http_requests:rate5m'],
      labels: [],
    },
    {
      case: 'a Prometheus 3 quoted metric name and quoted label',
      expr: 'sum by ("my.label") ({"my.metric", "other.label"="x"})',
      metrics: ['my.metric'],
      labels: ['my.label', 'other.label'],
    },
    {
      case: 'Grafana variables in every place they go',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
      expr: 'topk($limit, a{queue=~"$queue", tier=~"${tier:regex}"}[[[interval]]])',
      metrics: ['a'],
      labels: ['queue', 'tier'],
    },
    {
      case: 'each name once, in order of first use',
      expr: 'b / (a + b) or a',
      metrics: ['b', 'a'],
      labels: [],
    },
  ])('$case', ({ expr, metrics, labels }) => {
    // Act
    const names = promqlNames(expr);

    // Assess
    expect({ metrics: names.metrics, labels: names.labels }).toEqual({ metrics, labels });
  });

  it('tells the function each selection is an argument of', () => {
    // Act
    const { reads } = promqlNames(
      'sum by (route) (rate(a_total{x="y"}[5m])) / sum(b) + max_over_time(c[1h]) * (d)' +
        ' + histogram_quantile(0.9, sum by (le) (increase({__name__="e_bucket"}[5m])))' +
        ' + label_replace(irate(a_total[5m]), "x", "$1", "y", "(.*)") + f offset 5m',
    );

    // Assess
    expect(reads).toEqual([
      { metric: 'a_total', within: 'rate' },
      { metric: 'b', within: 'sum' },
      { metric: 'c', within: 'max_over_time' },
      { metric: 'd', within: '' },
      { metric: 'e_bucket', within: 'increase' },
      { metric: 'a_total', within: 'irate' },
      { metric: 'f', within: '' },
    ]);
  });

  it.each([
    { case: 'a regex on __name__', expr: '{__name__=~"queue_.*"}', error: /__name__=~/ },
    { case: 'an unterminated string', expr: 'a{b="c}', error: /unterminated string/ },
    { case: 'an unterminated matcher', expr: 'a{b="c"', error: /missing \}/ },
    { case: 'an unterminated range', expr: 'rate(a[5m)', error: /unterminated \[/ },
    { case: 'an unquoted matcher value', expr: 'a{queue=~$queue}', error: /no quoted value/ },
  ])('refuses $case', ({ expr, error }) => {
    // Act
    const extract = () => promqlNames(expr);

    // Assess
    expect(extract).toThrow(error);
  });
});

describe('promqlProblems', () => {
  const series = new Map([
    ['a_total', ['queue', 'job']],
    ['b_bucket', ['route', 'le']],
  ]);

  it('finds nothing wrong with known metrics and their labels', () => {
    // Act
    const problems = promqlProblems(
      'sum by (le, route) (rate(b_bucket[5m])) / on (queue) sum by (queue, job) (a_total)',
      series,
    );

    // Assess
    expect(problems).toEqual([]);
  });

  it('names unknown metrics, labels no series of the expression carries, and bad syntax', () => {
    // Act
    const problems = [
      ...promqlProblems('rate(a_total{route="x"}[5m]) + rate(c_total[5m])', series),
      ...promqlProblems('vector(1)', series),
      ...promqlProblems('a_total{queue="x}', series),
    ];

    // Assess
    expect(problems).toEqual([
      'unknown metric c_total',
      'label route is on none of a_total, c_total',
      'selects no metric',
      expect.stringMatching(/^cannot read .*unterminated string/),
    ]);
  });

  it('names buckets grouped without le', () => {
    // Act
    const problems = promqlProblems(
      'histogram_quantile(0.9, sum by (route) (rate(b_bucket[5m])))',
      series,
    );

    // Assess
    expect(problems).toEqual(['histogram buckets without le']);
  });
});

describe('promqlReadingProblems', () => {
  it('finds nothing wrong with counters as rates and gauges as values', () => {
    // Act
    const problems = promqlReadingProblems(
      'sum(rate(a_total[5m])) / sum(increase(b_count[1h])) + max_over_time(g[5m]) + time() - g',
    );

    // Assess
    expect(problems).toEqual([]);
  });

  it('names counters read raw and gauges read as rates', () => {
    // Act
    const problems = promqlReadingProblems(
      'sum(a_total) + max_over_time(b_bucket[5m]) + rate(g[5m]) + increase(g[1h]) + c_sum',
    );

    // Assess
    expect(problems).toEqual([
      'counter a_total read by sum, not rate/irate/increase',
      'counter b_bucket read by max_over_time, not rate/irate/increase',
      'gauge g read by rate',
      'gauge g read by increase',
      'counter c_sum read by itself, not rate/irate/increase',
    ]);
  });
});

describe('variableQueryExpr', () => {
  it.each([
    {
      query: 'label_values(queue_messages{state="visible"}, queue)',
      expr: 'group by (queue) (queue_messages{state="visible"})',
    },
    { query: 'query_result(topk(5, a_total))', expr: 'topk(5, a_total)' },
    { query: 'label_values(queue)', expr: undefined },
    { query: 'sum(a_total)', expr: 'sum(a_total)' },
  ])('reads $query', ({ query, expr }) => {
    // Act
    const read = variableQueryExpr(query);

    // Assess
    expect(read).toBe(expr);
  });
});
