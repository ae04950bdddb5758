import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Stack } from '../support/stack';
import { waitUntil } from '../support/processes';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; w: number };
  datasource?: { uid: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync('docs/ops/grafana-dashboard.json', 'utf8')) as { panels: Panel[] };
const alertsPage = readFileSync('docs/ops/alerts.md', 'utf8');
const alertRules = (
  parse(/```yaml\n([\s\S]*?)```/.exec(alertsPage)?.[1] ?? '') as {
    groups: { rules: { alert: string; expr: string; annotations?: { runbook?: string } }[] }[];
  }
).groups.flatMap((group) => group.rules);

/** Series Prometheus makes itself, not the service. */
const PROMETHEUS_SERIES = new Set(['ALERTS']);
const PROMQL_KEYWORDS = new Set([
  ...['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'],
  ...['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan'],
]);

/** The metric names a PromQL expression reads: identifiers outside strings, matchers, ranges and label lists. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const [name] of bare.matchAll(/\b[A-Za-z_:][A-Za-z0-9_:]*\b(?!\s*\()/g)) {
    if (!PROMQL_KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/** `# TYPE name kind` of an exposition: what a process exports, whether or not a series has a value yet. */
function exportedMetrics(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, kind]) => [name, kind]));
}

/** A name a query may use: an exported metric, or a histogram's (summary's) _bucket, _count or _sum series. */
function isExported(name: string, exported: Map<string, string>): boolean {
  if (exported.has(name)) return true;
  const base = /^(.*)_(bucket|count|sum)$/.exec(name);
  if (!base) return false;
  const kind = exported.get(base[1]);
  return kind === 'histogram' || (kind === 'summary' && base[2] !== 'bucket');
}

const dataPanels = dashboard.panels.filter((panel) => panel.type !== 'row');
const dashboardNames = [...new Set(dataPanels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr))))];
const ruleNames = [...new Set(alertRules.flatMap((rule) => metricNamesIn(rule.expr)))];
/** The first column of the page's metric table. */
const tableNames = [...alertsPage.matchAll(/^\| `([a-z_:]+)` +\|/gm)].map(([, name]) => name);

describe('metricNamesIn', () => {
  it('reads metric names, not functions, labels, label lists, ranges, strings or keywords', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (provider, le) (rate(a_seconds_bucket{x="y_z"}[$__rate_interval]))) > 60 ' +
          'or max by (status) (b{status=~"p|s"}) > 3 * 86400 unless on(job) c_total',
      ).sort(),
    ).toEqual(['a_seconds_bucket', 'b', 'c_total']);
  });
});

describe('the Grafana dashboard (docs/ops/grafana-dashboard.json)', () => {
  it('has panels with unique ids on a 24-column grid, each querying the chosen Prometheus data source', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dataPanels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['intake rate and errors', /http_request_duration_seconds_count\{method="POST",route="\/v1\/payouts"/],
    ['payouts by status', /payouts_by_status/],
    ['time to final per provider', /sum by \(provider, le\) \(rate\(payout_time_to_final_seconds_bucket/],
    ['stuck and needs attention', /payouts_stuck[\s\S]*payouts_needs_attention/],
    ['webhook ingest', /payout_webhooks_received_total/],
    ['queue depth', /queue_depth/],
    ['provider circuit state', /payout_provider_circuit_state/],
  ])('shows %s', (_what, query) => {
    expect(
      dataPanels
        .flatMap((p) => p.targets ?? [])
        .map((t) => t.expr)
        .join('\n'),
    ).toMatch(query);
  });

  it('lists exactly the alert rules of docs/ops/alerts.md in its firing-alerts panel', () => {
    const expr = dataPanels.flatMap((p) => p.targets ?? []).find((t) => t.expr.includes('ALERTS'))?.expr ?? '';
    const listed = /alertname=~"([^"]+)"/.exec(expr)?.[1].split('|') ?? [];
    expect(listed.sort()).toEqual(alertRules.map((rule) => rule.alert).sort());
  });
});

describe('the alert rules (docs/ops/alerts.md)', () => {
  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
  const anchors = new Set(
    [...alertsPage.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) =>
      heading
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, '')
        .replace(/ /g, '-'),
    ),
  );

  it('each link to a runbook heading of the page', () => {
    const broken = alertRules.filter(
      (rule) => !anchors.has(/^docs\/ops\/alerts\.md#(.+)$/.exec(rule.annotations?.runbook ?? '')?.[1] ?? ''),
    );
    expect(broken.map((rule) => rule.alert)).toEqual([]);
  });

  it('raise ReconciliationDiscrepancies on any discrepancy of a last completed run, per provider and kind', () => {
    const rule = alertRules.find((candidate) => candidate.alert === 'ReconciliationDiscrepancies');
    expect(rule?.expr).toBe('max by (provider, kind) (payout_reconciliation_discrepancies) > 0');
  });
});

describe('every metric the dashboard and the alert rules name exists on a running api or worker', () => {
  let stack: Stack;
  let exported: Map<string, string>;

  beforeAll(async () => {
    stack = await Stack.start({ label: 'grafana_dashboard' });
    // One payout to a final status, so what the processes export is what they export once they have worked.
    const created = await stack.createPayout({ amount: '250000', provider: 'sipay' });
    expect(created.status).toBe(201);
    await stack.waitForStatus(created.body.id, ['succeeded']);
    const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const worker = await waitUntil(
      async () => {
        const text = await scrape(stack.workerUrls[0]);
        return /^payout_time_to_final_seconds_count\{.*provider="sipay".*\} 1$/m.test(text) ? text : undefined;
      },
      10_000,
      'the worker to count the payout as final',
    );
    exported = new Map([...exportedMetrics(await scrape(stack.apiUrl)), ...exportedMetrics(worker)]);
  });
  afterAll(() => stack?.stop());

  it('reads names from the dashboard, the rules and the metric table', () => {
    expect(dashboardNames.length).toBeGreaterThan(15);
    expect(ruleNames).toEqual(
      expect.arrayContaining(['payouts_stuck', 'queue_depth', 'payout_webhook_lag_seconds_bucket']),
    );
    expect(tableNames).toEqual(expect.arrayContaining(['payouts_by_status', 'payout_time_to_final_seconds']));
  });

  it.each([
    ['the dashboard', () => dashboardNames],
    ['the alert rules', () => ruleNames],
    ['the metric table of alerts.md', () => tableNames],
  ])('%s: every metric name is exported', (_where, names) => {
    const missing = names().filter((name) => !PROMETHEUS_SERIES.has(name) && !isExported(name, exported));
    expect(missing).toEqual([]);
  });
});
