// The alert rules shipped in dashboards/prometheus: promtool accepts them and their unit
// tests pass (each alert fires on its cause, after its `for`, naming what is at fault,
// and stays quiet next to it); every alert has a test; every metric they name is one
// the controller or the agent registers. promtool comes with Debian's prometheus
// package, which scripts/setup.sh installs: a missing promtool fails here, never skips.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AgentMetrics, ControllerMetrics } from '../../../controller/metrics';
import { REPO_ROOT } from '../../support/artifacts';

const DIR = path.join(REPO_ROOT, 'dashboards', 'prometheus');
const RULES = path.join(DIR, 'slr-alerts.yml');
const TESTS = path.join(DIR, 'slr-alerts.test.yml');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface RuleFile { groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }> }
const rules = (yaml.load(readFileSync(RULES, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    expect(execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' })).toMatch(/SUCCESS: 10 rules found/);
  });

  it('pass their promtool unit tests', () => {
    // promtool exits non-zero on any failed expectation, which throws here with its report.
    expect(execFileSync('promtool', ['test', 'rules', TESTS], { encoding: 'utf8', cwd: DIR })).toMatch(/SUCCESS/);
  });

  it('cover switch, store, eligible targets, stale load, packet-in overload and OpenFlow errors, each with a test', () => {
    const names = rules.map((r) => r.alert);
    expect(names).toEqual(expect.arrayContaining(['SlrSwitchDisconnected', 'SlrStoreDown', 'SlrNoEligibleTarget', 'SlrLoadReportStale', 'SlrPacketInOverload', 'SlrOpenflowErrors']));
    const tested = new Set((yaml.load(readFileSync(TESTS, 'utf8')) as { tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }> })
      .tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect(names.filter((n) => !tested.has(n))).toEqual([]);
    for (const r of rules) {
      expect({ alert: r.alert, severity: r.labels?.severity, summary: typeof r.annotations?.summary }).toEqual({ alert: r.alert, severity: expect.stringMatching(/^(critical|warning)$/), summary: 'string' });
    }
  });

  it('name only metrics that slr registers', () => {
    const registered = new Set([
      ...new ControllerMetrics().registry.getMetricsAsArray().map((m) => m.name),
      ...new AgentMetrics().registry.getMetricsAsArray().map((m) => m.name),
      'up',
    ]);
    const unknown = rules.flatMap((r) => (r.expr.match(/\bslr_[a-z0-9_]+/g) ?? []).filter((m) => !registered.has(m)).map((m) => `${r.alert}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('are loaded by the example Prometheus config', () => {
    expect(execFileSync('promtool', ['check', 'config', path.join(DIR, 'prometheus.yml')], { encoding: 'utf8' })).toMatch(/SUCCESS: 1 rule files found/);
  });
});
