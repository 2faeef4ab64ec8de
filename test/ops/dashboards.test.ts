// The Grafana dashboards shipped in ops/grafana: every PromQL query uses only series the
// exporter exposes (and labels those series carry), every panel queries the ${datasource}
// variable, and together they show every metric of the catalogue.
import { describe, expect, it } from 'vitest';
import { TENANT_TIERS } from '../../src/shared/messaging/tenant-tier.js';
import { METRICS } from '../../src/shared/telemetry/metric-catalogue.js';
import { catalogueMetricOf, exposedSeries } from './exposed-series.js';
import {
  type Dashboard,
  dashboardPanels,
  dashboardQueries,
  loadDashboards,
} from './grafana-dashboards.js';
import { promqlNames } from './promql-names.js';
import { promqlProblems, promqlReadingProblems } from './promql-problems.js';

const EXPECTED_DASHBOARDS = [
  'api-latency.json',
  'cache-efficiency.json',
  'hub-protection.json',
  'queue-health.json',
  'workflows-and-sagas.json',
];
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
const DATASOURCE = '${datasource}';
const GRAFANA_VARIABLES = new Set(['__rate_interval', '__interval', '__range']);

const dashboards = loadDashboards();
const series = exposedSeries();

const variableNames = (dashboard: Dashboard) =>
  new Set((dashboard.templating?.list ?? []).map((variable) => variable.name));

describe('the Grafana dashboards', () => {
  it('are the five of the operations pack, with unique uids and stable titles', () => {
    // Act
    const files = [...dashboards.keys()];
    const uids = [...dashboards.values()].map((dashboard) => dashboard.uid);

    // Assess
    expect(files).toEqual(EXPECTED_DASHBOARDS);
    expect(new Set(uids).size).toBe(files.length);
    for (const [file, dashboard] of dashboards) {
      expect(dashboard.uid, file).toBe(`baltra-${file.replace(/\.json$/, '')}`);
      expect(dashboard.title, file).toMatch(/^Baltra \/ /);
      expect(dashboard.schemaVersion, file).toBeGreaterThanOrEqual(39);
    }
  });

  it.each([...dashboards.keys()])('%s has a Prometheus datasource variable', (file) => {
    // Prepare
    const variables = dashboards.get(file)!.templating?.list ?? [];

    // Act
    const datasource = variables.find((variable) => variable.name === 'datasource');

    // Assess
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
  });

  it.each([...dashboards.keys()])('%s queries $datasource from every panel', (file) => {
    // Prepare
    const dashboard = dashboards.get(file)!;

    // Act
    const panels = dashboardPanels(dashboard).filter((panel) => panel.type !== 'row');
    const wrong = [
      ...panels
        .filter((panel) => panel.datasource?.uid !== DATASOURCE)
        .map((panel) => `panel "${panel.title}"`),
      ...panels.flatMap((panel) =>
        (panel.targets ?? [])
          .filter((target) => target.datasource !== undefined)
          .filter((target) => target.datasource?.uid !== DATASOURCE)
          .map((target) => `panel "${panel.title}" target ${target.refId}`),
      ),
      ...(dashboard.templating?.list ?? [])
        .filter((variable) => variable.type === 'query')
        .filter((variable) => variable.datasource?.uid !== DATASOURCE)
        .map((variable) => `variable $${variable.name}`),
    ];

    // Assess
    expect(panels.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it.each([...dashboards.keys()])('%s has unique panel ids and a query per panel', (file) => {
    // Prepare
    const panels = dashboardPanels(dashboards.get(file)!);

    // Act
    const ids = panels.map((panel) => panel.id);
    const withoutQuery = panels
      .filter((panel) => panel.type !== 'row')
      .filter((panel) => !(panel.targets ?? []).some((target) => target.expr?.trim()))
      .map((panel) => panel.title);

    // Assess
    expect(new Set(ids).size).toBe(panels.length);
    expect(withoutQuery).toEqual([]);
  });

  it.each([...dashboards.keys()])(
    '%s uses only exposed series, with labels they carry, counters as rates, and defined variables',
    (file) => {
      // Prepare
      const dashboard = dashboards.get(file)!;
      const defined = variableNames(dashboard);

      // Act
      const problems = dashboardQueries(dashboard).flatMap(({ where, source, expr }) => [
        ...promqlProblems(expr, series).map((problem) => `${where}: ${problem}`),
        ...(source === 'panel' ? promqlReadingProblems(expr) : []).map(
          (problem) => `${where}: ${problem}`,
        ),
        ...[...expr.matchAll(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)/g)]
          .map((match) => match[1]!)
          .filter((name) => !defined.has(name) && !GRAFANA_VARIABLES.has(name))
          .map((name) => `${where}: undefined variable $${name}`),
      ]);

      // Assess
      expect(problems).toEqual([]);
    },
  );

  it('offer the tenant tiers of the SDK in every $tier variable', () => {
    // Act
    const tierOptions = [...dashboards.values()]
      .flatMap((dashboard) => dashboard.templating?.list ?? [])
      .filter((variable) => variable.name === 'tier')
      .map((variable) => ({
        query: variable.query,
        options: (variable.options ?? []).map((option) => option.value),
      }));

    // Assess
    expect(tierOptions.length).toBeGreaterThan(0);
    for (const tier of tierOptions) {
      expect(tier).toEqual({ query: TENANT_TIERS.join(','), options: ['$__all', ...TENANT_TIERS] });
    }
  });

  it('show every metric of the catalogue somewhere', () => {
    // Prepare
    const shown = new Set(
      [...dashboards.values()]
        .flatMap(dashboardQueries)
        .flatMap(({ expr }) => promqlNames(expr).metrics)
        .map(catalogueMetricOf),
    );

    // Act
    const notShown = Object.values(METRICS)
      .map((metric) => metric.name)
      .filter((name) => !shown.has(name));

    // Assess
    expect(notShown, 'catalogue metrics no dashboard shows').toEqual([]);
  });
});
