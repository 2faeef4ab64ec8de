// Reading ops/prometheus: the rule file and its promtool unit-test file.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const PROMETHEUS_DIR = resolve(import.meta.dirname, '../../ops/prometheus');
export const RULES_FILE = join(PROMETHEUS_DIR, 'alerts.yml');
export const RULE_TESTS_FILE = join(PROMETHEUS_DIR, 'alerts.test.yml');

/** One alerting or recording rule of a Prometheus rule file. */
export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly Rule[] }[];
}

/** One `alert_rule_test` entry of a promtool test file. */
export interface AlertRuleTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts?: readonly {
    readonly exp_labels?: Readonly<Record<string, string>>;
    readonly exp_annotations?: Readonly<Record<string, string>>;
  }[];
}

export interface RuleTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval?: string;
  readonly tests: readonly {
    readonly name?: string;
    readonly interval?: string;
    readonly input_series?: readonly { readonly series: string; readonly values: string }[];
    readonly alert_rule_test?: readonly AlertRuleTest[];
  }[];
}

export function loadRuleFile(path = RULES_FILE): RuleFile {
  return parse(readFileSync(path, 'utf8')) as RuleFile;
}

export function loadRuleTestFile(path = RULE_TESTS_FILE): RuleTestFile {
  return parse(readFileSync(path, 'utf8')) as RuleTestFile;
}

/** Every rule of every group. */
export function allRules(file: RuleFile): Rule[] {
  return file.groups.flatMap((group) => group.rules);
}
