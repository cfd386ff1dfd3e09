// WHOHAS over real mutual-TLS gRPC with real certificates (scripts/gen-certs.sh): two
// site levels of one process each (west "w", east "e"), each with its WHOHAS service
// and a client for the other (cli/neighbours.ts). A connection west pinned reaches east
// without a pin: east asks, west answers with its server's label, east pins it toward
// west. Who may ask is checked: only a configured neighbour whose certificate names it.
import { status } from '@grpc/grpc-js';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { PacketInEvent } from '../../../controller';
import { OFP_NO_BUFFER } from '../../../controller';
import { silentLogger } from '../../../controller/logger';
import { buildEthernet, buildIpv4, buildTcp } from '../../../southbound/packet';
import { VIP_RULE_COOKIE } from '../../../apps/service-routing/ingress-flows';
import { LevelNeighbours } from '../../../cli/neighbours';
import { createNeighbourClient, type NeighbourApi } from '../../../peering/neighbours-client';
import type { NeighboursSection } from '../../../peering/neighbours-config';
import type { LevelConfig } from '../../../level/config-schema';
import { slrApps, twoServerSite } from '../../unit/apps/slr-apps';
import { type Certs, makeCerts, refusal, waitFor } from './harness';

const VIP = '192.200.0.10';
const VIP_MAC = '02:00:00:00:00:01';
let certs: Certs;
const sock = (id: string): string => `unix:${path.join(certs.dir, `${id}-nb.sock`)}`;

const site = (id: string, dpid: string, targetLabelBase: number): LevelConfig => twoServerSite(id, dpid, VIP, VIP_MAC, targetLabelBase);

function section(id: string, peer: string): NeighboursSection {
  return {
    listen: sock(id),
    tls: { caFile: certs.file('ca.crt'), certFile: certs.file('slr.crt'), keyFile: certs.file('slr.key') },
    clientTls: { caFile: certs.file('ca.crt'), certFile: certs.file(`${id}.crt`), keyFile: certs.file(`${id}.key`) },
    queryTimeoutMs: 2000,
    missCacheMs: 60_000,
    maxPendingQueries: 16,
    peers: [{ id: peer, address: sock(peer), port: 10, ports: {} }],
  };
}

function packetIn(dpid: bigint, clientPort: number, flags: number): PacketInEvent {
  const tcp = buildTcp({ src: '10.0.0.1', dst: VIP, srcPort: clientPort, dstPort: 80, flags });
  const data = buildEthernet({ dst: VIP_MAC, src: '02:00:00:00:00:99', ethType: 0x0800, payload: buildIpv4({ src: '10.0.0.1', dst: VIP, protocol: 6, payload: tcp }) });
  return { type: 'packet-in', dpid, inPort: 3, reason: 0, tableId: 4, cookie: VIP_RULE_COOKIE, bufferId: OFP_NO_BUFFER, totalLen: data.length, match: [], data };
}

const west = () => slrApps([site('w', '0000000000000c01', 30010)]);
const east = () => slrApps([site('e', '0000000000000c02', 30020)]);
let w: ReturnType<typeof west>;
let e: ReturnType<typeof east>;
let wn: LevelNeighbours;
let en: LevelNeighbours;
const clients: NeighbourApi[] = [];

beforeAll(async () => {
  certs = makeCerts(['w', 'e', 'stranger']);
  w = west();
  e = east();
  wn = new LevelNeighbours(w.level, section('w', 'e'), w.routing, silentLogger());
  en = new LevelNeighbours(e.level, section('e', 'w'), e.routing, silentLogger());
  await wn.start();
  await en.start();
  e.routing.onUnknown((c) => en.onUnknown(c));
  w.routing.onUnknown((c) => wn.onUnknown(c));
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await wn?.stop();
  await en?.stop();
  rmSync(certs.dir, { recursive: true, force: true });
});

function client(certName: string): NeighbourApi {
  const c = createNeighbourClient({ address: sock('w'), ca: certs.read('ca.crt'), cert: certs.read(`${certName}.crt`), key: certs.read(`${certName}.key`) });
  clients.push(c);
  return c;
}

const flow = (clientPort: number) => ({ protocol: 6, client: '10.0.0.1', clientPort, vip: VIP, vipPort: 80 });

describe('WHOHAS between two levels over mutual-TLS gRPC', () => {
  it('pins a connection east never saw toward the west server that has it', async () => {
    w.packetIn(packetIn(0xc01n, 40000, 0x02));
    const owner = w.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)!;
    const mark = e.applied.length;
    expect(e.packetIn(packetIn(0xc02n, 40000, 0x10))).toEqual([]);
    await waitFor('east to pin the connection from west\'s answer', () => e.level.counters.whoHasRepins === 1);
    expect(e.level.pins.lookup(6, 0x0a000001, 40000, 0xc0c8000a, 80)).toBe(`w/${owner}`);
    const label = w.level.exitLabelOf(owner);
    const out = e.applied.slice(mark).map((a) => a.change).find((c) => c.kind === 'packet-out');
    expect(out).toMatchObject({ inPort: 3, actions: [{ type: 'PUSH_MPLS', ethertype: 0x8847 }, { type: 'SET_FIELD', field: { field: 'mpls_label', value: label } }, { type: 'OUTPUT', port: 10, maxLen: 0 }] });
    expect(e.level.counters).toMatchObject({ whoHasAsked: 1, whoHasRepins: 1, whoHasMisses: 0 });
    expect(w.level.counters.whoHasAnswered).toBe(1);
    expect(wn.counters()).toMatchObject({ queries: 1, found: 1, notFound: 0 });
  });

  it('counts a miss when no neighbour has the connection, and does not ask again for it', async () => {
    e.packetIn(packetIn(0xc02n, 40100, 0x10));
    await waitFor('east\'s query to miss', () => e.level.counters.whoHasMisses === 1);
    e.packetIn(packetIn(0xc02n, 40100, 0x10));
    e.packetIn(packetIn(0xc02n, 40100, 0x10));
    expect(e.level.counters.whoHasAsked).toBe(2);
    expect(e.level.counters.unknownConnectionDrops).toBe(4);
    expect(e.level.pins.lookup(6, 0x0a000001, 40100, 0xc0c8000a, 80)).toBeUndefined();
    expect(wn.counters()).toMatchObject({ notFound: 1 });
  });

  it('answers a configured neighbour, and refuses a stranger, a false asker and a malformed flow', async () => {
    w.packetIn(packetIn(0xc01n, 40200, 0x02));
    const asEast = client('e');
    const reply = await asEast.whoHas({ asker: 'e', flow: flow(40200) }, 2000);
    expect(reply).toMatchObject({ found: true, owner: 'w', labels: [expect.any(Number)] });
    // A certificate from the right CA, but not a configured neighbour.
    const stranger = await refusal(client('stranger').whoHas({ asker: 'stranger', flow: flow(40200) }, 2000));
    expect(stranger.code).toBe(status.PERMISSION_DENIED);
    expect(stranger.details).toMatch(/not a configured neighbour/);
    // East's certificate asking in another's name.
    const lie = await refusal(asEast.whoHas({ asker: 'stranger', flow: flow(40200) }, 2000));
    expect(lie.code).toBe(status.PERMISSION_DENIED);
    const bad = await refusal(asEast.whoHas({ asker: 'e', flow: { ...flow(40200), vip: 'not-an-ip' } }, 2000));
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    const noFlow = await refusal(asEast.whoHas({ asker: 'e', flow: null }, 2000));
    expect(noFlow.code).toBe(status.INVALID_ARGUMENT);
    expect(wn.counters()!.refusals).toMatchObject({ 'unknown-peer': 1, 'id-mismatch': 1, malformed: 2 });
    expect(w.level.counters.whoHasRefused).toBe(4);
  });

  it('refuses a client whose certificate another CA signed at the TLS layer', async () => {
    const rogue = createNeighbourClient({ address: sock('w'), ca: certs.read('ca.crt'), cert: certs.read('rogue.crt'), key: certs.read('rogue.key') });
    clients.push(rogue);
    const r = await refusal(rogue.whoHas({ asker: 'rogue', flow: flow(40200) }, 2000));
    expect(r.code).toBe(status.UNAVAILABLE);
    await waitFor('the TLS refusal to be counted', () => (wn.counters()?.refusals['tls-handshake'] ?? 0) >= 1);
    expect(w.level.counters.whoHasRefused).toBe(5);
  });
});
