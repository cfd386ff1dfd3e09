// The Grafana dashboards as files: well-formed for Grafana's provisioning (unique ids,
// panels on the 24-column grid, every query on the dashboard's data source variable),
// and every metric they name is one the controller registers (a typo would otherwise
// only show up as an empty panel).
import { ControllerMetrics } from '../../../../controller/metrics';
import { allPanels, dashboardQueries, loadDashboards } from '../../../integration/metrics/support/dashboard-queries';

const HISTOGRAM_PARTS = /_(bucket|sum|count)$/;

describe('Grafana dashboards', () => {
  const dashboards = loadDashboards();

  it('are the overview, services and REST API dashboards, each with its own uid', () => {
    expect([...dashboards.keys()]).toEqual(['slr-api', 'slr-overview', 'slr-services']);
    expect([...dashboards.values()].map((d) => d.uid)).toEqual(['slr-api', 'slr-overview', 'slr-services']);
  });

  it('lay panels out on the grid with unique ids and query through the datasource variable', () => {
    for (const [name, d] of dashboards) {
      const panels = allPanels(d) as unknown as Array<{ id: number; type: string; gridPos: { x: number; w: number; h: number }; datasource?: { uid: string }; targets?: Array<{ datasource?: { uid: string } }> }>;
      const ids = panels.map((p) => p.id);
      expect({ name, duplicate: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({ name, duplicate: [] });
      for (const p of panels) {
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        if (p.type === 'row') continue;
        expect(p.datasource?.uid).toBe('${datasource}');
        for (const t of p.targets ?? []) expect(t.datasource?.uid).toBe('${datasource}');
      }
      expect((d.templating?.list ?? []).map((v) => v.name)).toEqual(expect.arrayContaining(['datasource', 'job']));
    }
  });

  it('show counters in stat and bar panels as increase() over the dashboard range, never as lifetime sums', () => {
    const lifetime: string[] = [];
    for (const [name, d] of dashboards) {
      for (const p of allPanels(d)) {
        if (!['stat', 'bargauge', 'table'].includes(p.type)) continue;
        for (const t of (p as { targets?: Array<{ expr?: string }> }).targets ?? []) {
          // Every counter must sit directly inside increase(...[$__range]) or rate(...).
          const bare = (t.expr ?? '').replace(/(increase|rate)\(\s*[a-z0-9_]+_total\{[^}]*\}\[[^\]]+\]\)/g, '');
          if (/_total\b/.test(bare)) lifetime.push(`${name} / ${p.title}: ${t.expr}`);
          if (/increase\(/.test(t.expr ?? '') && !/\[\$__range\]/.test(t.expr ?? '')) lifetime.push(`${name} / ${p.title}: increase() not over $__range`);
        }
      }
    }
    expect(lifetime).toEqual([]);
  });

  it('graph counters as rates or increases per interval, never as lifetime totals', () => {
    const lifetime: string[] = [];
    for (const [name, d] of dashboards) {
      for (const p of allPanels(d)) {
        if (p.type !== 'timeseries') continue;
        for (const t of (p as { targets?: Array<{ expr?: string }> }).targets ?? []) {
          const bare = (t.expr ?? '').replace(/(increase|rate)\(\s*[a-z0-9_]+_total\{[^}]*\}\[[^\]]+\]\)/g, '');
          if (/_total\b/.test(bare)) lifetime.push(`${name} / ${p.title}: ${t.expr}`);
        }
      }
    }
    expect(lifetime).toEqual([]);
  });

  it('have a per-switch up panel and per-target pins and admin state', () => {
    const exprs = [...dashboards.values()].flatMap((d) => dashboardQueries(d, d.uid).map((q) => q.raw)).join('\n');
    expect(exprs).toContain('max by (dpid) (slr_switch_up{');
    expect(exprs).toContain('sum by (target) (slr_target_pins{');
    expect(exprs).toContain('max by (target, state) (slr_target_admin_state{');
  });

  it('name only metrics the controller registers', async () => {
    const registered = new Set(new ControllerMetrics().registry.getMetricsAsArray().map((m) => m.name));
    registered.add('up');
    const unknown: string[] = [];
    for (const [name, d] of dashboards) {
      for (const q of dashboardQueries(d, name)) {
        for (const metric of q.expr.match(/\b(slr|process|nodejs)_[a-z0-9_]+/g) ?? []) {
          if (!registered.has(metric) && !registered.has(metric.replace(HISTOGRAM_PARTS, ''))) unknown.push(`${name} / ${q.panel}: ${metric}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });
});
