// Roles and the hot-spare lease: this controller's OpenFlow role on each switch, the
// lease state, and how often mastership moved. Read at scrape time.
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge } from './collected';
import type { HotSpareCounters } from '../ha/hot-spare';
import type { LeaseState } from '../ha/lease';
import type { DatapathRole } from '../roles';

/** What the role series read: the core's connected datapaths. */
export interface RoleSource {
  readonly datapaths: { list?(): ReadonlyArray<{ readonly dpidHex: string; readonly up: boolean; readonly role: DatapathRole }> };
}

/** What the lease series read (present only in hot-spare mode). */
export interface HaSource {
  readonly state: LeaseState;
  readonly counters: HotSpareCounters;
}

const ROLES = ['equal', 'master', 'slave', 'unknown'] as const;
const LEASE_STATES: readonly LeaseState[] = ['spare', 'master', 'lapsed'];

export function registerHaMetrics(registry: Registry, roles: () => RoleSource | undefined, ha: () => HaSource | undefined): void {
  collectedGauge({
    registry, name: 'slr_openflow_role', labelNames: ['dpid', 'role'],
    help: 'This controller\'s OpenFlow role on each connected switch (1 for the current role, 0 for the others; unknown: no ROLE_REPLY yet).',
    read: (emit) => {
      for (const e of roles()?.datapaths.list?.() ?? []) {
        if (!e.up) continue;
        for (const r of ROLES) emit({ dpid: e.dpidHex, role: r }, e.role.role === r ? 1 : 0);
      }
    },
  });
  collectedGauge({
    registry, name: 'slr_ha_lease_state', labelNames: ['state'],
    help: 'Hot spare: 1 for this process\'s lease state (spare, master, lapsed: master whose lease ran out before renewal). Absent without the ha section.',
    read: (emit) => {
      const s = ha();
      if (!s) return;
      const now = s.state;
      for (const st of LEASE_STATES) emit({ state: st }, st === now ? 1 : 0);
    },
  });
  const fromCounter = (name: string, help: string, pick: (c: HotSpareCounters) => number): void => {
    collectedCounter({
      registry, name, help,
      read: (emit) => {
        const s = ha();
        if (s) emit({}, pick(s.counters));
      },
    });
  };
  fromCounter('slr_ha_failovers_total', 'Hot spare: times this process took the master lease over from another controller.', (c) => c.failovers);
  fromCounter('slr_ha_promotions_total', 'Hot spare: times this process became master (each with a new generation id).', (c) => c.promotions);
  fromCounter('slr_ha_demotions_total', 'Hot spare: times another controller took the lease this process held.', (c) => c.demotions);
  fromCounter('slr_ha_lease_lapses_total', 'Hot spare: times the master lease ran out by this process\'s clock before a renewal came back.', (c) => c.lapses);
  fromCounter('slr_ha_lease_errors_total', 'Hot spare: lease commands to Redis that failed.', (c) => c.storeErrors);
}
