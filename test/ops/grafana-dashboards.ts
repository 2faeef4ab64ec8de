// Reading the Grafana dashboards of ops/grafana: their panels (rows' nested panels included)
// and every PromQL query they send, from panel targets and from query variables.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const GRAFANA_DIR = resolve(import.meta.dirname, '../../ops/grafana');

/** The part of a Grafana dashboard model these tests read. */
export interface Dashboard {
  readonly uid?: string;
  readonly title?: string;
  readonly schemaVersion?: number;
  readonly panels?: readonly Panel[];
  readonly templating?: { readonly list?: readonly Variable[] };
}

export interface DataSourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface Panel {
  readonly id?: number;
  readonly type: string;
  readonly title?: string;
  readonly datasource?: DataSourceRef;
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}

export interface Target {
  readonly expr?: string;
  readonly refId?: string;
  readonly datasource?: DataSourceRef;
}

export interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
  readonly definition?: string;
  readonly datasource?: DataSourceRef;
  readonly options?: readonly { readonly value: string }[];
}

/** A PromQL query of a dashboard and where it comes from. */
export interface DashboardQuery {
  readonly where: string;
  /** A panel's query, read as it is drawn; a variable's only lists label values. */
  readonly source: 'panel' | 'variable';
  readonly expr: string;
}

/** Every `*.json` file of ops/grafana, parsed, by file name. */
export function loadDashboards(dir = GRAFANA_DIR): Map<string, Dashboard> {
  const dashboards = new Map<string, Dashboard>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    dashboards.set(file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard);
  }
  return dashboards;
}

/** Every panel, depth first: a row's own panels (collapsed rows keep them) follow the row. */
export function dashboardPanels(dashboard: Dashboard): Panel[] {
  const walk = (panels: readonly Panel[]): Panel[] =>
    panels.flatMap((panel) => [panel, ...walk(panel.panels ?? [])]);
  return walk(dashboard.panels ?? []);
}

/** The PromQL of every panel target and of every query variable. */
export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of dashboardPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (target.expr === undefined) continue;
      queries.push({
        where: `panel "${panel.title}" ${target.refId}`,
        source: 'panel',
        expr: target.expr,
      });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const expr = variableQueryExpr(query ?? '');
    if (expr !== undefined) {
      queries.push({ where: `variable $${variable.name}`, source: 'variable', expr });
    }
  }
  return queries;
}

/**
 * The PromQL inside a Grafana Prometheus variable query: `label_values(selector, label)` and
 * `query_result(expr)` give theirs, the label as a grouping so its name is checked too;
 * `label_values(label)` alone names no metric and gives none.
 */
export function variableQueryExpr(query: string): string | undefined {
  const labelValues = /^\s*label_values\(\s*(.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(query);
  if (labelValues !== null) return `group by (${labelValues[2]}) (${labelValues[1]})`;
  const queryResult = /^\s*query_result\((.+)\)\s*$/s.exec(query);
  if (queryResult !== null) return queryResult[1];
  if (/^\s*label_values\(\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/.test(query)) return undefined;
  return query;
}
