// Every PromQL expression of every panel of the Grafana dashboards in dashboards/,
// with Grafana's variables replaced the way Grafana would for "All" selections, so a
// test can run them through Prometheus's query API.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../support/artifacts';

export const DASHBOARD_DIR = path.join(REPO_ROOT, 'dashboards', 'grafana', 'dashboards');

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  /** As written in the dashboard. */
  raw: string;
  /** Ready for /api/v1/query. */
  expr: string;
}

interface Target { refId?: string; expr?: string }
interface Panel { type: string; title: string; targets?: Target[]; panels?: Panel[] }
export interface Dashboard { uid: string; title: string; panels: Panel[]; templating?: { list: Array<{ name: string; type: string }> } }

export function loadDashboards(dir = DASHBOARD_DIR): Map<string, Dashboard> {
  const out = new Map<string, Dashboard>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    out.set(f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Dashboard);
  }
  return out;
}

/**
 * Grafana's built-in interval variables get a window wide enough for a 1 s scrape;
 * $__range (the dashboard's time range, for stat panels) gets `range`, default 1h.
 */
export function substituteVariables(raw: string, opts: { rateInterval: string; range?: string; variables: Record<string, string> }): string {
  let expr = raw.replace(/\$\{?__rate_interval\}?/g, opts.rateInterval).replace(/\$\{?__interval\}?/g, opts.rateInterval)
    .replace(/\$\{?__range\}?/g, opts.range ?? '1h');
  for (const [name, value] of Object.entries(opts.variables)) {
    expr = expr.replace(new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g'), value);
  }
  const left = /\$\{?[A-Za-z_]\w*/.exec(expr);
  if (left) throw new Error(`unsubstituted variable ${left[0]} in ${raw}`);
  return expr;
}

/** All panels, rows' nested panels included. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function dashboardQueries(d: Dashboard, name: string, rateInterval = '30s'): PanelQuery[] {
  // Template variables are multi-value with an "All" of ".*": use that.
  const variables: Record<string, string> = {};
  for (const v of d.templating?.list ?? []) if (v.type === 'query') variables[v.name] = '.*';
  const out: PanelQuery[] = [];
  for (const p of allPanels(d)) {
    if (p.type === 'row') continue;
    const targets = p.targets ?? [];
    if (targets.length === 0) throw new Error(`${name}: panel "${p.title}" has no query`);
    for (const t of targets) {
      if (!t.expr) throw new Error(`${name}: panel "${p.title}" target ${t.refId} has no expr`);
      out.push({ dashboard: name, panel: p.title, refId: t.refId ?? '?', raw: t.expr, expr: substituteVariables(t.expr, { rateInterval, variables }) });
    }
  }
  return out;
}

/** Runs every query; returns the ones that failed or returned no data, as readable lines. */
export async function emptyPanels(
  queries: PanelQuery[],
  run: (expr: string) => Promise<unknown[]>,
): Promise<string[]> {
  const bad: string[] = [];
  for (const q of queries) {
    try {
      const samples = await run(q.expr);
      if (samples.length === 0) bad.push(`${q.dashboard} / ${q.panel} [${q.refId}]: no data for ${q.expr}`);
    } catch (err) {
      bad.push(`${q.dashboard} / ${q.panel} [${q.refId}]: ${(err as Error).message}`);
    }
  }
  return bad;
}
