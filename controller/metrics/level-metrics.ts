// Every SLR level of the process as series labelled by level: first packets by outcome,
// pins held, shortcuts sent up or applied, tunnel labels in use, load rows and
// aggregation updates. Read at scrape time from the levels (described structurally:
// the core does not import level/ or apps/).
import type { Registry } from 'prom-client';
import { collectedCounter, collectedGauge } from './collected';

export interface LevelCountersView {
  readonly newConnections: number;
  readonly repeatPacketIns: number;
  readonly noEligibleTarget: number;
  readonly undeliverable: number;
  readonly arpReplies: number;
  readonly pinsReleased: number;
  readonly shortcutsApplied: number;
  readonly shortcutsRefused: number;
  readonly shortcutsSent: number;
  readonly reportsSent: number;
  readonly releasesSent: number;
  readonly releasesReceived: number;
  readonly unknownConnectionDrops: number;
  readonly repins: number;
  readonly pinFlowsReinstalled: number;
  readonly pinsDormant: number;
  readonly pinsRestored: number;
  readonly advertisedRepins: number;
  readonly advertisementsRefused: number;
  readonly whoHasAsked: number;
  readonly whoHasRepins: number;
  readonly whoHasMisses: number;
  readonly whoHasAnswered: number;
  readonly whoHasRefused: number;
}

/** Recovery events per level (apps/recovery), by the event label of slr_level_recovery_total. */
const RECOVERY_EVENTS: ReadonlyArray<[string, keyof LevelCountersView]> = [
  ['unknown_connection_dropped', 'unknownConnectionDrops'],
  ['repinned', 'repins'],
  ['pin_flow_reinstalled', 'pinFlowsReinstalled'],
  ['pin_dormant', 'pinsDormant'],
  ['pin_restored', 'pinsRestored'],
  ['echo_repinned', 'advertisedRepins'],
  ['echo_refused', 'advertisementsRefused'],
  ['whohas_asked', 'whoHasAsked'],
  ['whohas_repinned', 'whoHasRepins'],
  ['whohas_missed', 'whoHasMisses'],
  ['whohas_answered', 'whoHasAnswered'],
  ['whohas_refused', 'whoHasRefused'],
];

/** What these series read from one level. */
export interface LevelSource {
  readonly id: string;
  readonly kind: string;
  readonly counters: LevelCountersView;
  readonly pins: { readonly size: number };
  /** Labels this level's flows match on now (its own, its targets', its servers'). */
  labelsInUse(): number;
  /** Load rows (subnet, target) it holds from its targets' reports. */
  loadRows(): number;
  /** Targets failing their health check per subnet, and the services in panic because of it. */
  health?(): { unhealthy: ReadonlyArray<{ subnet: string; target: string }>; panic: readonly string[] };
}

const PACKET_IN_OUTCOMES: ReadonlyArray<[string, keyof LevelCountersView]> = [
  ['new_connection', 'newConnections'],
  ['repeat', 'repeatPacketIns'],
  ['no_target', 'noEligibleTarget'],
  ['undeliverable', 'undeliverable'],
  ['arp_reply', 'arpReplies'],
];

export function registerLevelMetrics(registry: Registry, levels: () => readonly LevelSource[]): void {
  const each = (fn: (l: LevelSource) => void): void => {
    for (const l of levels()) fn(l);
  };
  collectedGauge({
    registry, name: 'slr_level_info', help: 'The SLR levels this process hosts (value 1), with their kind.', labelNames: ['level', 'kind'],
    read: (emit) => each((l) => emit({ level: l.id, kind: l.kind }, 1)),
  });
  collectedCounter({
    registry, name: 'slr_level_packet_ins_total', help: 'PACKET_INs each level handled, by outcome (new_connection is a decision).',
    labelNames: ['level', 'outcome'],
    read: (emit) => each((l) => { for (const [outcome, field] of PACKET_IN_OUTCOMES) emit({ level: l.id, outcome }, l.counters[field]); }),
  });
  collectedGauge({
    registry, name: 'slr_level_pins', help: 'Connections pinned at each level now.', labelNames: ['level'],
    read: (emit) => each((l) => emit({ level: l.id }, l.pins.size)),
  });
  collectedCounter({
    registry, name: 'slr_level_shortcuts_total',
    help: 'Shortcuts: sent to the level above (sent), applied at or above this level (applied), refused here (refused).',
    labelNames: ['level', 'outcome'],
    read: (emit) => each((l) => {
      emit({ level: l.id, outcome: 'sent' }, l.counters.shortcutsSent);
      emit({ level: l.id, outcome: 'applied' }, l.counters.shortcutsApplied);
      emit({ level: l.id, outcome: 'refused' }, l.counters.shortcutsRefused);
    }),
  });
  collectedCounter({
    registry, name: 'slr_level_releases_total',
    help: 'Connections handed back because no target was eligible: sent to the level above (sent), taken back from a lower level (received).',
    labelNames: ['level', 'direction'],
    read: (emit) => each((l) => {
      emit({ level: l.id, direction: 'sent' }, l.counters.releasesSent);
      emit({ level: l.id, direction: 'received' }, l.counters.releasesReceived);
    }),
  });
  collectedCounter({
    registry, name: 'slr_level_aggregation_reports_sent_total', help: 'Aggregated load reports (M_k per subnet) each level sent to the level above.',
    labelNames: ['level'],
    read: (emit) => each((l) => emit({ level: l.id }, l.counters.reportsSent)),
  });
  collectedGauge({
    registry, name: 'slr_level_load_rows', help: 'Load rows (subnet, target) each level holds from its targets\' reports (aggregation updates received).',
    labelNames: ['level'],
    read: (emit) => each((l) => emit({ level: l.id }, l.loadRows())),
  });
  collectedGauge({
    registry, name: 'slr_level_unhealthy_targets', help: 'Targets that report failing their health check for a virtual subnet (value 1): out of new decisions unless the service is in panic.',
    labelNames: ['level', 'subnet', 'target'],
    read: (emit) => each((l) => { for (const u of l.health?.().unhealthy ?? []) emit({ level: l.id, subnet: u.subnet, target: u.target }, 1); }),
  });
  collectedGauge({
    registry, name: 'slr_level_services_in_panic', help: 'Services whose usable targets all (or too many) fail their health check, so all of them take new connections (value 1).',
    labelNames: ['level', 'service'],
    read: (emit) => each((l) => { for (const service of l.health?.().panic ?? []) emit({ level: l.id, service }, 1); }),
  });
  collectedCounter({
    registry, name: 'slr_level_recovery_total',
    help: 'Recovery at each level: later packets of unknown connections dropped (never decided afresh), pinned connections whose flow was put back by their next packet, pin flows put back after a switch deleted them, pins that outlived their flow\'s idle timeout, pins restored from the store at start, connections re-pinned from a server\'s flow advertisement (echo_repinned) and advertisements refused (echo_refused), and WHOHAS between neighbour clusters: queries sent for unknown connections (whohas_asked), connections pinned from a neighbour\'s answer (whohas_repinned), queries nobody could answer (whohas_missed), neighbours\' queries answered with a pin (whohas_answered), WHOHAS calls refused (whohas_refused: no or a foreign certificate, not a configured neighbour, malformed).',
    labelNames: ['level', 'event'],
    read: (emit) => each((l) => { for (const [event, field] of RECOVERY_EVENTS) emit({ level: l.id, event }, l.counters[field]); }),
  });
  collectedGauge({
    registry, name: 'slr_level_tunnel_labels', help: 'MPLS labels each level\'s flows match on now.', labelNames: ['level'],
    read: (emit) => each((l) => emit({ level: l.id }, l.labelsInUse())),
  });
}
