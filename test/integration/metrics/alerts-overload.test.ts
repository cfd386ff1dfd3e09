// The switch-overload alert rules (dashboards/prometheus/alerts-overload.yml): promtool
// accepts them, their unit tests pass (fire on the flooding switch after `for`, stay
// quiet for the others and for an old spike), and they name only metrics the
// controller registers. promtool comes with Debian's prometheus package, which
// scripts/setup.sh installs: a missing promtool fails here, never skips.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ControllerMetrics } from '../../../controller/metrics/controller-metrics';
import { REPO_ROOT } from '../../support/artifacts';

const DIR = path.join(REPO_ROOT, 'dashboards', 'prometheus');
const RULES = path.join(DIR, 'alerts-overload.yml');

describe('switch overload alert rules', () => {
  it('pass promtool check rules', () => {
    expect(execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' })).toMatch(/SUCCESS: 2 rules found/);
  });

  it('pass their promtool unit tests', () => {
    expect(execFileSync('promtool', ['test', 'rules', 'alerts-overload.test.yml'], { encoding: 'utf8', cwd: DIR })).toMatch(/SUCCESS/);
  });

  it('name only metrics the controller registers', () => {
    const registered = new Set(new ControllerMetrics().registry.getMetricsAsArray().map((m) => m.name));
    const named = readFileSync(RULES, 'utf8').match(/\bslr_[a-z0-9_]+/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((m) => !registered.has(m))).toEqual([]);
  });
});
