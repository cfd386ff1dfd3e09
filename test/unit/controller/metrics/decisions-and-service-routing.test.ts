// Decision counters and latency (the hook the service-routing app calls), and the
// series read from the app at scrape time: pins, outcomes, load index, store health.
import { Registry } from 'prom-client';
import { PromDecisionMetrics } from '../../../../controller/metrics/decision-metrics';
import { registerServiceRoutingMetrics, type ServiceRoutingSource } from '../../../../controller/metrics/service-routing-metrics';
import { PromStoreLatency } from '../../../../controller/metrics/store-latency';
import { MemoryStore } from '../../../../controller/store/memory-store';
import type { StoreStats } from '../../../../controller/store/types';
import { seriesLines, seriesValue } from './metric-values';

describe('decision metrics', () => {
  it('counts decisions by service, VIP and target, refusals apart, and times each one', async () => {
    const registry = new Registry();
    const m = new PromDecisionMetrics(registry);
    m.observe('web', '192.200.0.0/16', 's1', 0.00002);
    m.observe('web', '192.200.0.0/16', 's1', 0.00003);
    m.observe('web', '192.200.0.0/16', 's2', 0.004);
    m.observe('web', '192.200.0.0/16', null, 0.00001);
    m.pinCreated();
    m.pinCreated();
    expect(await seriesLines(registry, 'slr_decisions_total')).toEqual([
      '{"service":"web","target":"s1","vip":"192.200.0.0/16"} 2',
      '{"service":"web","target":"s2","vip":"192.200.0.0/16"} 1',
    ]);
    expect(await seriesValue(registry, 'slr_decisions_no_target_total', { service: 'web', vip: '192.200.0.0/16' })).toBe(1);
    expect(await seriesValue(registry, 'slr_pins_created_total')).toBe(2);
    const text = await registry.getSingleMetricAsString('slr_decision_duration_seconds');
    expect(text).toContain('slr_decision_duration_seconds_count 4');
    expect(text).toContain('slr_decision_duration_seconds_bucket{le="0.00001"} 1');
    expect(text).toContain('slr_decision_duration_seconds_bucket{le="0.0025"} 3');
    expect(text).toContain('slr_decision_duration_seconds_bucket{le="0.01"} 4');
  });
});

describe('decision series of known targets', () => {
  it('start at 0 when declared and count from there; declaring again changes nothing', async () => {
    const registry = new Registry();
    const m = new PromDecisionMetrics(registry);
    m.declare('web', '10.0.0.100/32', ['s1', 's2']);
    m.observe('web', '10.0.0.100/32', 's1', 0.00001);
    m.declare('web', '10.0.0.100/32', ['s1', 's2']);
    expect(await seriesLines(registry, 'slr_decisions_total')).toEqual([
      '{"service":"web","target":"s1","vip":"10.0.0.100/32"} 1',
      '{"service":"web","target":"s2","vip":"10.0.0.100/32"} 0',
    ]);
  });
});

describe('store latency', () => {
  it('observes operations into one histogram labelled by operation', async () => {
    const registry = new Registry();
    const m = new PromStoreLatency(registry);
    m.observe('pin_batch', 0.0004);
    m.observe('pin_batch', 0.002);
    m.observe('load_write', 0.0002);
    const text = await registry.getSingleMetricAsString('slr_store_operation_duration_seconds');
    expect(text).toContain('slr_store_operation_duration_seconds_count{operation="pin_batch"} 2');
    expect(text).toContain('slr_store_operation_duration_seconds_count{operation="load_write"} 1');
    expect(text).toContain('slr_store_operation_duration_seconds_bucket{le="0.0005",operation="pin_batch"} 1');
  });
});

describe('service routing metrics', () => {
  function source(): { src: ServiceRoutingSource; store: MemoryStore; counters: Record<string, number>; pins: { size: number }; stats: StoreStats } {
    const store = new MemoryStore();
    const counters = { newConnections: 5, repeatPacketIns: 2, noEligibleTarget: 1, undeliverable: 0, arpReplies: 3, pinsReleased: 4 };
    const pins = { size: 1 };
    const stats: StoreStats = { kind: 'redis', connected: true, errors: 0, pendingLoadWrites: 2, pendingPinOps: 7, remoteLoadUpdates: 9, pinConflicts: 1, pinRemirrors: 2 };
    const src: ServiceRoutingSource = { counters, pins, store: { loads: store.loads, stats: () => stats } };
    return { src, store, counters, pins, stats };
  }

  it('reports pins held and expired, and packet-in outcomes', async () => {
    const registry = new Registry();
    const s = source();
    registerServiceRoutingMetrics(registry, () => s.src);
    expect(await seriesValue(registry, 'slr_pins')).toBe(1);
    expect(await seriesValue(registry, 'slr_pins_expired_total')).toBe(4);
    s.pins.size = 6;
    s.counters.pinsReleased = 5;
    expect(await seriesValue(registry, 'slr_pins')).toBe(6);
    expect(await seriesValue(registry, 'slr_pins_expired_total')).toBe(5);
    expect(await seriesLines(registry, 'slr_service_routing_packet_ins_total')).toEqual([
      '{"outcome":"arp_reply"} 3',
      '{"outcome":"new_connection"} 5',
      '{"outcome":"no_target"} 1',
      '{"outcome":"repeat"} 2',
      '{"outcome":"undeliverable"} 0',
    ]);
  });

  it('reports the load index per subnet and target as the load table holds it, with its age', async () => {
    const registry = new Registry();
    const s = source();
    registerServiceRoutingMetrics(registry, () => s.src, () => 20_000);
    s.store.reportLoad({ subnet: '192.200.0.0/16', targetId: 's1', load: 0.25, reportedAt: 18_000 });
    s.store.reportLoad({ subnet: '192.200.0.0/16', targetId: 's2', load: 0.75, reportedAt: 19_500 });
    expect(await seriesLines(registry, 'slr_load_index')).toEqual([
      '{"subnet":"192.200.0.0/16","target":"s1"} 0.25',
      '{"subnet":"192.200.0.0/16","target":"s2"} 0.75',
    ]);
    expect(await seriesValue(registry, 'slr_load_report_age_seconds', { subnet: '192.200.0.0/16', target: 's1' })).toBe(2);
    s.store.reportLoad({ subnet: '192.200.0.0/16', targetId: 's1', load: 0.5, reportedAt: 19_900 });
    s.store.removeTarget('s2');
    expect(await seriesLines(registry, 'slr_load_index')).toEqual(['{"subnet":"192.200.0.0/16","target":"s1"} 0.5']);
  });

  it('reports store health: up, errors, pending writes, conflicts, re-mirrors', async () => {
    const registry = new Registry();
    const s = source();
    registerServiceRoutingMetrics(registry, () => s.src);
    expect(await seriesValue(registry, 'slr_store_up', { backend: 'redis' })).toBe(1);
    expect(await seriesValue(registry, 'slr_store_errors_total', { backend: 'redis' })).toBe(0);
    s.stats.errors = 3;
    s.stats.connected = false;
    expect(await seriesValue(registry, 'slr_store_up', { backend: 'redis' })).toBe(0);
    expect(await seriesValue(registry, 'slr_store_errors_total', { backend: 'redis' })).toBe(3);
    expect(await seriesValue(registry, 'slr_store_pending_writes', { kind: 'pin' })).toBe(7);
    expect(await seriesValue(registry, 'slr_store_pending_writes', { kind: 'load' })).toBe(2);
    expect(await seriesValue(registry, 'slr_store_pin_conflicts_total')).toBe(1);
    expect(await seriesValue(registry, 'slr_store_remote_load_updates_total')).toBe(9);
    expect(await seriesValue(registry, 'slr_store_pin_remirrors_total')).toBe(2);
  });
});
