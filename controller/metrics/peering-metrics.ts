// The agent registration service (peering/) as series, read at scrape time from its
// counters() and registry.
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge } from './collected';

/** Shaped like peering's PeeringCounters (not imported: the core does not depend on peering). */
export interface PeeringCountersView {
  readonly registrations: number;
  readonly reports: number;
  readonly deregistrations: number;
  readonly expiries: number;
  readonly refusals: Partial<Record<string, number>>;
}

/** What these series read from an AgentServer. */
export interface PeeringSource {
  counters(): PeeringCountersView;
  readonly registry: { liveIds(): string[] };
}

export function registerPeeringMetrics(registry: Registry, source: () => PeeringSource | undefined): void {
  const fromCounter = (name: string, help: string, pick: (c: PeeringCountersView) => number): void => {
    collectedCounter({ registry, name, help, read: (emit) => { const s = source(); if (s) emit({}, pick(s.counters())); } });
  };
  fromCounter('slr_agent_registrations_total', 'Server agents registered (hello accepted), re-registrations included.', (c) => c.registrations);
  fromCounter('slr_agent_reports_total', 'Load reports accepted from server agents.', (c) => c.reports);
  fromCounter('slr_agent_deregistrations_total', 'Server agents that said goodbye.', (c) => c.deregistrations);
  fromCounter('slr_agent_expiries_total', 'Server agents expired for missing their reports.', (c) => c.expiries);
  collectedCounter({
    registry, name: 'slr_agent_refusals_total', help: 'Agent connections or messages refused, by reason.', labelNames: ['reason'],
    read: (emit) => {
      const s = source();
      if (!s) return;
      for (const [reason, n] of Object.entries(s.counters().refusals)) emit({ reason }, n ?? 0);
    },
  });
  collectedGauge({
    registry, name: 'slr_agents_registered', help: 'Server agents with a live session now.',
    read: (emit) => { const s = source(); if (s) emit({}, s.registry.liveIds().length); },
  });
}
