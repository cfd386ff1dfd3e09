// GET /v1/health: "ok" only when everything this SLR needs to place new connections is
// there: every configured ingress switch connected, the store reachable, and every
// service with at least one eligible target. Otherwise "degraded", with one problem per
// cause that names the switch, store or service, so an operator (or `slr ctl health`)
// sees which without reading logs.
import type { DatapathDirectory } from '../../controller/app';
import { dpidToHex } from '../../controller/dpid';
import type { ControllerStore } from '../../controller/store/types';
import type { ServiceCatalog } from '../../level/catalog/catalog';
import type { DecisionEngine } from '../../level/decision/decision-engine';
import type { HealthInfo, HealthProblem } from '../services';

export interface HealthDeps {
  store: ControllerStore;
  datapaths: DatapathDirectory;
  catalog: ServiceCatalog;
  engine: DecisionEngine;
  /** Switches where client traffic enters (serviceRouting.ingress.dpids). */
  ingressDpids: readonly bigint[];
  pins: { readonly size: number };
  version: string;
  startedAtMs: number;
}

/** Why a candidate may not take connections, in a few words. */
function whyNot(c: { targetId: string; adminState: string; reportedLoad: number | null }): string {
  if (c.adminState !== 'enabled') return `${c.targetId} ${c.adminState}`;
  return c.reportedLoad === null ? `${c.targetId} has not reported load` : `${c.targetId} not eligible (report too old)`;
}

export function healthOf(deps: HealthDeps, nowMs: number): HealthInfo {
  const problems: HealthProblem[] = [];
  const all = deps.datapaths.list();
  const ingress = deps.ingressDpids.map((dpid) => ({ dpid: dpidToHex(dpid), connected: deps.datapaths.get(dpid)?.up === true }));
  for (const sw of ingress) {
    if (!sw.connected) problems.push({ component: 'switch', id: sw.dpid, message: `ingress switch ${sw.dpid} is not connected` });
  }
  const store = deps.store.stats();
  if (!store.connected) problems.push({ component: 'store', id: store.kind, message: `store ${store.kind} is unreachable` });
  const services = deps.catalog.services();
  for (const service of services) {
    // Eligibility does not depend on the client (affinity only prefers among eligible
    // targets), so any client address asks the right question.
    const candidates = deps.engine.explain(service, 0, nowMs).candidates;
    if (!candidates.some((c) => c.eligible)) {
      const why = candidates.length === 0 ? 'it lists no target' : candidates.map(whyNot).join(', ');
      problems.push({ component: 'service', id: service.id, message: `service ${service.id} has no eligible target (${why})` });
    }
  }
  return {
    status: problems.length === 0 ? 'ok' : 'degraded',
    version: deps.version,
    uptimeSeconds: Math.max(0, Math.round((nowMs - deps.startedAtMs) / 1000)),
    store,
    switches: { connected: all.filter((d) => d.up).length, known: all.length, ingress },
    services: { total: services.length, withoutEligibleTarget: problems.filter((p) => p.component === 'service').map((p) => p.id) },
    pins: deps.pins.size,
    problems,
  };
}
