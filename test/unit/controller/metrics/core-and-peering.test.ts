// Series read from the controller core's counters and the agent registration service.
import { Registry } from 'prom-client';
import { registerCoreMetrics, type CoreSource } from '../../../../controller/metrics/core-metrics';
import { registerPeeringMetrics, type PeeringSource } from '../../../../controller/metrics/peering-metrics';
import { seriesLines, seriesValue } from './metric-values';

describe('core metrics', () => {
  it('read 0 until a controller is attached, then follow its counters at each scrape', async () => {
    const registry = new Registry();
    let source: CoreSource | undefined = undefined;
    registerCoreMetrics(registry, () => source);
    expect(await seriesValue(registry, 'slr_switches_connected')).toBe(0);
    expect(await seriesValue(registry, 'slr_packet_ins_dispatched_total')).toBe(0);

    const core = {
      counters: { packetIns: 10, unclaimedPacketIns: 2, messagesSent: 30, sendOverloads: 1, appErrors: 0, reconciliations: 3,
        writesBlocked: 0, packetInsIgnored: 0, roleChanges: 0, roleRequestsFailed: 0, demotionsBySwitch: 0 },
      datapaths: { connectedCount: 2 },
    };
    source = core;
    expect(await seriesValue(registry, 'slr_switches_connected')).toBe(2);
    expect(await seriesValue(registry, 'slr_packet_ins_dispatched_total')).toBe(10);
    expect(await seriesValue(registry, 'slr_packet_ins_unclaimed_total')).toBe(2);
    expect(await seriesValue(registry, 'slr_app_messages_sent_total')).toBe(30);
    expect(await seriesValue(registry, 'slr_send_overloads_total')).toBe(1);
    expect(await seriesValue(registry, 'slr_app_errors_total')).toBe(0);
    expect(await seriesValue(registry, 'slr_reconciliations_total')).toBe(3);

    core.counters.packetIns += 5;
    core.datapaths.connectedCount = 1;
    expect(await seriesValue(registry, 'slr_packet_ins_dispatched_total')).toBe(15);
    expect(await seriesValue(registry, 'slr_switches_connected')).toBe(1);
  });
});

describe('peering metrics', () => {
  it('report registrations, reports, expiries, refusals by reason and live agents', async () => {
    const registry = new Registry();
    const counters = { registrations: 3, reports: 40, deregistrations: 1, expiries: 1, refusals: { 'unknown-server': 2 } as Record<string, number> };
    const live = ['s1', 's2'];
    const source: PeeringSource = { counters: () => structuredClone(counters), registry: { liveIds: () => live } };
    registerPeeringMetrics(registry, () => source);
    expect(await seriesValue(registry, 'slr_agent_registrations_total')).toBe(3);
    expect(await seriesValue(registry, 'slr_agent_reports_total')).toBe(40);
    expect(await seriesValue(registry, 'slr_agent_deregistrations_total')).toBe(1);
    expect(await seriesValue(registry, 'slr_agent_expiries_total')).toBe(1);
    expect(await seriesValue(registry, 'slr_agents_registered')).toBe(2);
    counters.refusals['tls-handshake'] = 1;
    counters.expiries++;
    live.pop();
    expect(await seriesLines(registry, 'slr_agent_refusals_total')).toEqual(['{"reason":"tls-handshake"} 1', '{"reason":"unknown-server"} 2']);
    expect(await seriesValue(registry, 'slr_agent_expiries_total')).toBe(2);
    expect(await seriesValue(registry, 'slr_agents_registered')).toBe(1);
  });
});
