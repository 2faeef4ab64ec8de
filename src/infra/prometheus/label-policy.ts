import { classifyKey } from '../../shared/pii/classify-key.js';
import type { MetricDefinition } from '../../shared/telemetry/metric-catalogue.js';
import type { TelemetryAttributes } from '../../shared/telemetry/telemetry.js';
import { sanitiseAttribute } from '../opentelemetry/sanitise-attributes.js';
import type { PrometheusLabels } from './prom-client-slice.js';

/** The value a capped label takes once its cap of distinct values is reached. */
export const OTHER_LABEL_VALUE = 'other';

/** Whether tenant ids become a `tenant` label, and how many distinct ones at most. */
export interface TenantLabelOptions {
  readonly enabled: boolean;
  /** Distinct tenants exposed (over every metric); later ones are `other`. Default 50. */
  readonly maxValues?: number;
}

/** Options of the label policy of `PrometheusTelemetry`. */
export interface LabelPolicyOptions {
  /** Default: tenant ids are dropped (the tenant's `tier` is always kept). */
  readonly tenantLabels?: TenantLabelOptions;
  /** Distinct values of any other label, per metric; later ones are `other`. Default 500. */
  readonly maxValuesPerLabel?: number;
}

const TENANT_KEY = /^tenant(?:[._-]?id)?$/i;
const ID_KEY = /(?:^|[._-])(?:id|ids|uuid)$|[a-z0-9](?:Id|Ids|Uuid)$/;
const RESERVED_LABELS = new Set(['le', 'quantile']);

/**
 * A metric name Prometheus accepts: `[a-zA-Z_:][a-zA-Z0-9_:]*` (`http.server.duration` →
 * `http_server_duration`). Catalogue names are already valid.
 *
 * @example
 * ```ts
 * prometheusMetricName('jobs.run-time'); // 'jobs_run_time'
 * ```
 */
export function prometheusMetricName(name: string): string {
  const valid = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(valid) ? valid : `_${valid}`;
}

/**
 * A label name Prometheus accepts: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved),
 * never `le` or `quantile` (`http.route` → `http_route`, `le` → `le_`).
 *
 * @example
 * ```ts
 * prometheusLabelName('messaging.destination.name'); // 'messaging_destination_name'
 * ```
 */
export function prometheusLabelName(key: string): string {
  let valid = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!/^[a-zA-Z_]/.test(valid)) valid = `_${valid}`;
  valid = valid.replace(/^__+/, '_');
  return RESERVED_LABELS.has(valid) ? `${valid}_` : valid;
}

/** The first `max` distinct values pass (sanitised once); every later one is `other`. */
class ValueCap {
  private readonly seen = new Map<string, string>();

  constructor(private readonly max: number) {}

  admit(key: string, value: string | number | boolean): string {
    const raw = String(value);
    const known = this.seen.get(raw);
    if (known !== undefined) return known;
    if (this.seen.size >= this.max) return OTHER_LABEL_VALUE;
    const exposed =
      typeof value === 'boolean' ? raw : String(sanitiseAttribute(key, value, {}) ?? '');
    this.seen.set(raw, exposed);
    return exposed;
  }
}

/** How one metric turns attributes into labels: its label names and their value caps. */
export class LabelPlan {
  /** Attribute key → label name, or null when the key is dropped. */
  private readonly keys = new Map<string, string | null>();
  private readonly caps = new Map<string, ValueCap>();
  readonly labelNames: readonly string[];

  constructor(
    labelNames: readonly string[],
    private readonly tenants: ValueCap | undefined,
    private readonly maxValuesPerLabel: number,
  ) {
    this.labelNames = Object.freeze([...new Set(labelNames)]);
  }

  /** The labels of one record: allowed keys only, each value capped. */
  labels(attributes: TelemetryAttributes | undefined): PrometheusLabels {
    const labels: Record<string, string> = {};
    if (attributes === undefined) return labels;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined) continue;
      const label = this.labelOf(key);
      if (label === null) continue;
      if (label === 'tenant' && this.tenants !== undefined) {
        labels.tenant = this.tenants.admit(key, value);
        continue;
      }
      let cap = this.caps.get(label);
      if (cap === undefined) {
        cap = new ValueCap(this.maxValuesPerLabel);
        this.caps.set(label, cap);
      }
      labels[label] = cap.admit(key, value);
    }
    return labels;
  }

  private labelOf(key: string): string | null {
    let label = this.keys.get(key);
    if (label === undefined) {
      const name = TENANT_KEY.test(key) ? 'tenant' : prometheusLabelName(key);
      label = this.labelNames.includes(name) ? name : null;
      this.keys.set(key, label);
    }
    return label;
  }
}

/**
 * The label policy: which attribute keys become labels and how many values each may take, so
 * that cardinality cannot explode. A catalogue metric keeps its declared attributes; any other
 * metric keeps the keys of its first record, less ids (`*_id`, `*Id`, `id`, `uuid`) and
 * personal or secret keys; both keep `tier`, and `tenant` (from `tenant` or `tenant_id`) only
 * when tenant labels are enabled, capped over the whole exporter. Every other label is capped
 * per metric. Values are sanitised (emails, phones, ids masked) when first seen.
 *
 * @example
 * ```ts
 * const plan = new LabelPolicy({ tenantLabels: { enabled: true, maxValues: 2 } }).plan(METRICS.queueMessageConsumedTotal);
 * plan.labels({ queue: 'leads', tenant_id: 'acme', action_id: 'a-1' }); // { queue: 'leads', tenant: 'acme' }
 * ```
 */
export class LabelPolicy {
  private readonly tenants: ValueCap | undefined;
  private readonly maxValuesPerLabel: number;

  constructor(options: LabelPolicyOptions = {}) {
    const tenant = options.tenantLabels;
    this.tenants = tenant?.enabled
      ? new ValueCap(positive('tenantLabels.maxValues', tenant.maxValues ?? 50))
      : undefined;
    this.maxValuesPerLabel = positive('maxValuesPerLabel', options.maxValuesPerLabel ?? 500);
  }

  /** The plan of a metric: from its catalogue entry, else from its first record's keys. */
  plan(catalogue: MetricDefinition | undefined, first?: TelemetryAttributes): LabelPlan {
    const names = catalogue
      ? catalogue.attributes.map(prometheusLabelName)
      : Object.keys(first ?? {})
          .filter((key) => !TENANT_KEY.test(key) && !ID_KEY.test(key))
          .filter((key) => classifyKey(key) === undefined)
          .map(prometheusLabelName);
    names.push('tier');
    if (this.tenants !== undefined) names.push('tenant');
    return new LabelPlan(names, this.tenants, this.maxValuesPerLabel);
  }
}

function positive(option: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(`PrometheusTelemetry: ${option} must be a positive integer, got ${value}`);
  }
  return value;
}
