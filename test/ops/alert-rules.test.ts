// The Prometheus alert rules shipped in ops/prometheus: promtool accepts them and passes their
// unit tests, every alert has a case that fires and one that does not, and every expression
// (and every test input series) uses only series the exporter exposes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exposedSeries, TARGET_LABELS } from './exposed-series.js';
import {
  allRules,
  loadRuleFile,
  loadRuleTestFile,
  PROMETHEUS_DIR,
  RULES_FILE,
} from './prometheus-rules.js';
import { promqlNames } from './promql-names.js';
import { promqlProblems, promqlReadingProblems } from './promql-problems.js';
import { describeWithPromtool, promtool } from './promtool.js';

const EXPECTED_ALERTS = [
  'CacheHitRateLow',
  'CircuitBreakerOpen',
  'DeadLetterQueueHigh',
  'HighErrorRate',
  'HighLatency',
  'LockContention',
  'OutboxLag',
  'WorkerStalled',
];
const RUNBOOKS = 'https://github.com/baltra/sdk/blob/main/docs/guides/operations.md';

const rules = allRules(loadRuleFile());
const alerts = rules.filter((rule) => rule.alert !== undefined);
const ruleTests = loadRuleTestFile();

/** The exposed series plus the series the file's recording rules write. */
function seriesWithRecordings(): Map<string, readonly string[]> {
  const series = new Map(exposedSeries());
  for (const rule of rules) {
    if (rule.record === undefined) continue;
    series.set(rule.record, [...promqlNames(rule.expr).labels, ...TARGET_LABELS]);
  }
  return series;
}

describe('the alert rules', () => {
  it('are the eight alerts of the operations pack, each once', () => {
    // Act
    const names = alerts.map((rule) => rule.alert);

    // Assess
    expect([...names].sort()).toEqual(EXPECTED_ALERTS);
  });

  it.each(alerts.map((rule) => [rule.alert!, rule] as const))(
    '%s waits, has a severity, a summary, a description and its runbook section',
    (name, rule) => {
      // Assess
      expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toMatch(/\S/);
      expect(rule.annotations?.description).toMatch(/\S/);
      expect(rule.annotations?.runbook).toBe(`${RUNBOOKS}#${name.toLowerCase()}`);
    },
  );

  it.each(rules.map((rule) => [rule.alert ?? rule.record!, rule.expr] as const))(
    '%s uses only exposed series, with labels they carry, and counters as rates',
    (_name, expr) => {
      // Act
      const problems = [
        ...promqlProblems(expr, seriesWithRecordings()),
        ...promqlReadingProblems(expr),
      ];

      // Assess
      expect(problems).toEqual([]);
    },
  );
});

describe('the alert rule tests (alerts.test.yml)', () => {
  it('test alerts.yml', () => {
    // Assess
    expect(ruleTests.rule_files).toEqual(['alerts.yml']);
  });

  it.each(EXPECTED_ALERTS)('have a case where %s fires and one where it does not', (name) => {
    // Act
    const cases = ruleTests.tests
      .flatMap((test) => test.alert_rule_test ?? [])
      .filter((test) => test.alertname === name);

    // Assess
    expect(cases.some((test) => (test.exp_alerts ?? []).length > 0)).toBe(true);
    expect(cases.some((test) => (test.exp_alerts ?? []).length === 0)).toBe(true);
  });

  it.each(alerts.map((rule) => [rule.alert!, rule] as const))(
    'expect %s with every label its annotations print',
    (name, rule) => {
      // Prepare
      const printed = Object.values(rule.annotations ?? {}).flatMap((text) =>
        [...text.matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((match) => match[1]!),
      );

      // Act
      const expected = ruleTests.tests
        .flatMap((test) => test.alert_rule_test ?? [])
        .filter((test) => test.alertname === name)
        .flatMap((test) => test.exp_alerts ?? [])
        .map((alert) => Object.keys(alert.exp_labels ?? {}));

      // Assess
      expect(expected.length).toBeGreaterThan(0);
      for (const labels of expected) expect(labels).toEqual(expect.arrayContaining(printed));
    },
  );

  it('feed only exposed series, with labels they carry', () => {
    // Act
    const problems = ruleTests.tests
      .flatMap((test) => test.input_series ?? [])
      .flatMap(({ series }) =>
        promqlProblems(series, seriesWithRecordings()).map((problem) => `${series}: ${problem}`),
      );

    // Assess
    expect(problems).toEqual([]);
  });
});

describeWithPromtool('promtool', () => {
  it('check rules accepts alerts.yml and counts every rule', () => {
    // Act
    const run = promtool(['check', 'rules', RULES_FILE]);

    // Assess
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('test rules passes every case of alerts.test.yml', () => {
    // Act
    const run = promtool(['test', 'rules', 'alerts.test.yml'], PROMETHEUS_DIR);

    // Assess
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS');
  });

  describe('on altered copies of the tests', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'alert-rules-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('test rules fails for every alert once its firing cases expect nothing', () => {
      // Prepare: the same tests, every expected alert removed.
      const silenced = {
        ...ruleTests,
        rule_files: [RULES_FILE],
        tests: ruleTests.tests.map((test) => ({
          ...test,
          alert_rule_test: (test.alert_rule_test ?? []).map((alertTest) => ({
            ...alertTest,
            exp_alerts: [],
          })),
        })),
      };
      const file = join(dir, 'silenced.test.yml');
      writeFileSync(file, stringify(silenced));

      // Act
      const run = promtool(['test', 'rules', file]);

      // Assess
      expect(run.status, run.output).toBe(1);
      const failed = [...run.output.matchAll(/alertname: (\w+), time:/g)].map((match) => match[1]);
      expect([...new Set(failed)].sort()).toEqual(EXPECTED_ALERTS);
    });
  });
});
