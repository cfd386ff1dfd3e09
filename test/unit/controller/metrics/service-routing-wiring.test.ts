// The SLR process hooks its levels into the process's metrics: decisions and new pins
// counted at the point they happen, pins and load index read at scrape time.
import { createSlrProcess, slrModule } from '../../../../cli/slr-process';
import type { Change } from '../../../../controller/changes';
import { VIP_RULE_COOKIE } from '../../../../apps/service-routing/ingress-flows';
import { configSectionsOf } from '../../../../controller/app-module';
import { validateConfig } from '../../../../controller/config/load';
import type { PacketInEvent } from '../../../../controller/events';
import { silentLogger } from '../../../../controller/logger';
import { ControllerMetrics } from '../../../../controller/metrics';
import { OFP_NO_BUFFER } from '../../../../southbound/codec/constants';
import { buildEthernet, buildIpv4, buildTcp } from '../../../../southbound/packet';
import { seriesLines, seriesValue } from './metric-values';

const VIP = '192.200.0.10';
const VIP_MAC = '02:00:00:00:00:01';

function siteConfig(): unknown {
  return {
    serviceRouting: {
      ingress: { dpids: ['0000000000000001'], vipMac: VIP_MAC },
      targets: [
        { id: 'srv1', kind: 'server', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 11 } },
        { id: 'srv2', kind: 'server', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 12 } },
      ],
      services: [{ id: 'web', prefix: `${VIP}/32`, protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' }],
      policies: { least: { type: 'least-load' } },
    },
  };
}

function syn(clientPort: number): PacketInEvent {
  const tcp = buildTcp({ src: '10.0.0.1', dst: VIP, srcPort: clientPort, dstPort: 80, flags: 0x02 });
  const data = buildEthernet({ dst: VIP_MAC, src: '02:00:00:00:00:99', ethType: 0x0800, payload: buildIpv4({ src: '10.0.0.1', dst: VIP, protocol: 6, payload: tcp }) });
  return { type: 'packet-in', dpid: 1n, inPort: 1, reason: 0, tableId: 0, cookie: VIP_RULE_COOKIE, bufferId: OFP_NO_BUFFER, totalLen: data.length, match: [], data };
}

describe('service-routing module with metrics', () => {
  it('counts decisions by service, VIP and target and exposes pins and load index', async () => {
    const config = validateConfig(siteConfig(), { sections: configSectionsOf([slrModule]) });
    const metrics = new ControllerMetrics({ processMetrics: false });
    const slr = createSlrProcess(config, silentLogger(), metrics)!;
    const app = { onPacketIn: (ev: PacketInEvent): Change[] | undefined => slr.routing.onPacketIn(ev), store: slr.levels[0].store, catalog: slr.levels[0].catalog };
    const r = metrics.registry;
    const series = { service: 'web', vip: `${VIP}/32` };
    // Known targets start at 0, before any connection.
    expect(await seriesValue(r, 'slr_decisions_total', { ...series, target: 'srv1' })).toBe(0);
    expect(await seriesValue(r, 'slr_decisions_total', { ...series, target: 'srv2' })).toBe(0);

    app.onPacketIn(syn(40000));
    app.onPacketIn(syn(40000)); // a repeat of the same connection: no new decision
    app.onPacketIn(syn(40001));
    const assigned = [await seriesValue(r, 'slr_decisions_total', { ...series, target: 'srv1' }), await seriesValue(r, 'slr_decisions_total', { ...series, target: 'srv2' })];
    expect(assigned.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(2);
    expect(await seriesValue(r, 'slr_pins_created_total')).toBe(2);
    expect(await seriesValue(r, 'slr_pins')).toBe(2);
    expect(await seriesValue(r, 'slr_service_routing_packet_ins_total', { outcome: 'repeat' })).toBe(1);
    expect(await seriesValue(r, 'slr_store_up', { backend: 'memory' })).toBe(1);
    expect((await r.getSingleMetricAsString('slr_decision_duration_seconds'))).toContain('slr_decision_duration_seconds_count 2');

    app.store.reportLoad({ subnet: `${VIP}/32`, targetId: 'srv2', load: 0.4, reportedAt: Date.now() });
    expect(await seriesValue(r, 'slr_load_index', { subnet: `${VIP}/32`, target: 'srv2' })).toBe(0.4);

    // Per target, from the real catalog and pin table: pins held and admin state.
    const pinsOf = [await seriesValue(r, 'slr_target_pins', { target: 'srv1' }), await seriesValue(r, 'slr_target_pins', { target: 'srv2' })];
    expect(pinsOf).toEqual(assigned);
    app.catalog.setAdminState('srv2', 'draining');
    expect(await seriesLines(r, 'slr_target_admin_state')).toEqual([
      '{"state":"disabled","target":"srv1"} 0', '{"state":"disabled","target":"srv2"} 0',
      '{"state":"draining","target":"srv1"} 0', '{"state":"draining","target":"srv2"} 1',
      '{"state":"enabled","target":"srv1"} 1', '{"state":"enabled","target":"srv2"} 0',
    ]);

    // A service added at run time (REST) gets its series at 0 too.
    app.catalog.putService({ id: 'api', prefix: '192.200.0.20/32', protocol: 'tcp', ports: [443], targets: ['srv2'], policy: 'least' });
    expect(await seriesValue(r, 'slr_decisions_total', { service: 'api', vip: '192.200.0.20/32', target: 'srv2' })).toBe(0);
  });

  it('creates the levels without metrics when the process has none', () => {
    const config = validateConfig(siteConfig(), { sections: configSectionsOf([slrModule]) });
    const slr = createSlrProcess(config, silentLogger())!;
    expect(slr.levels[0].metrics).toBeNull();
    expect(slr.routing.onPacketIn(syn(40000))).toHaveLength(1);
    expect(slr.levels[0].pins.size).toBe(1);
  });
});
