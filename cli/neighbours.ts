// WHOHAS for one level with a `neighbours` section (recovery 3, design section 4), wired:
// the level answers its neighbour clusters from its pins (peering/neighbours-server),
// and asks them about every connection whose later packets reach its ingress without a
// pin (a routing change moved the client here). The first neighbour that has the
// connection answers with its target's label stack; the connection is pinned to that
// target through the neighbour (apps/recovery/whohas.ts) and its flow installed, so the
// original server keeps it. Nobody has it: its packets stay dropped (and counted).

import { readFileSync } from 'node:fs';
import type { Logger } from '../controller';
import { ipv4ToString, parseDpid, type FiveTuple } from '../controller';
import type { ServiceRoutingApp, UnknownConnection } from '../apps/service-routing/service-routing-app';
import { neighbourPath, WhoHasQueries, type NeighbourReach } from '../apps/recovery/whohas';
import type { SlrLevel } from '../level/slr-level';
import {
  createNeighbourClient,
  NEIGHBOURS_DEFAULTS,
  startNeighbourServer,
  type NeighbourApi,
  type NeighbourPeer,
  type NeighbourServer,
  type NeighbourServiceCounters,
  type NeighboursSection,
  type WhoHasReplyMsg,
  type WhoHasRequestMsg,
} from '../peering';

/** How one ingress switch reaches a neighbour (undefined: no port configured for that switch). */
export function reachOf(peer: NeighbourPeer, dpid: bigint): NeighbourReach | undefined {
  let port = peer.port;
  for (const [text, p] of Object.entries(peer.ports ?? {})) if (parseDpid(text) === dpid) port = p;
  if (port === undefined) return undefined;
  return peer.label === undefined ? { port } : { port, label: peer.label };
}

interface Found {
  peer: NeighbourPeer;
  reply: WhoHasReplyMsg;
}

/** How the asking end reaches its neighbours: gRPC in the process; tests hand in another. */
export interface NeighbourTransport {
  whoHas(peerId: string, req: WhoHasRequestMsg, timeoutMs: number): Promise<WhoHasReplyMsg>;
  close(): void;
}

/** Misses and failures are logged at most this often (stray packets can come in floods). */
const LOG_EVERY_MS = 1000;

/** A level's answer to a neighbour's WhoHas, as the reply message (logged: queries are rare). */
export function answerWhoHas(level: SlrLevel, asker: string, flow: FiveTuple): WhoHasReplyMsg {
  const a = level.whoHas(flow);
  level.log.info({ asker, client: `${ipv4ToString(flow.srcIp)}:${flow.srcPort}`, vip: `${ipv4ToString(flow.dstIp)}:${flow.dstPort}`, found: a.found, ...(a.found ? { target: a.target, labels: a.labels } : { detail: a.detail }) }, 'WHOHAS: a neighbour asked');
  return a.found
    ? { found: true, owner: level.id, target: a.target, labels: [...a.labels], detail: '' }
    : { found: false, owner: level.id, target: '', labels: [], detail: a.detail };
}

/** One mutual-TLS gRPC client per neighbour, with this level's client certificate. */
function grpcTransport(section: NeighboursSection): NeighbourTransport {
  const [ca, cert, key] = [section.clientTls.caFile, section.clientTls.certFile, section.clientTls.keyFile].map((f) => readFileSync(f));
  const clients = new Map<string, NeighbourApi>(section.peers.map((peer) => [peer.id, createNeighbourClient({ address: peer.address, ca, cert, key, serverName: peer.serverName })]));
  return {
    whoHas: (peerId, req, timeoutMs) => {
      const api = clients.get(peerId);
      return api === undefined ? Promise.reject(new Error(`no neighbour ${peerId}`)) : api.whoHas(req, timeoutMs);
    },
    close: () => {
      for (const api of clients.values()) api.close();
    },
  };
}

export class LevelNeighbours {
  private server: NeighbourServer | undefined;
  private readonly queries: WhoHasQueries;
  private readonly timeoutMs: number;
  private lastMissLogAt = -Infinity;
  private stopped = false;

  /**
   * With no transport, start() opens this level's WhoHas service and a gRPC client per
   * neighbour. Tests hand in a transport instead (nothing listens then; their neighbours
   * answer through answerWhoHas).
   */
  constructor(
    private readonly level: SlrLevel,
    private readonly section: NeighboursSection,
    private readonly routing: ServiceRoutingApp,
    private readonly log: Logger,
    private transport?: NeighbourTransport,
  ) {
    this.timeoutMs = section.queryTimeoutMs ?? NEIGHBOURS_DEFAULTS.queryTimeoutMs;
    this.queries = new WhoHasQueries({
      missCacheMs: section.missCacheMs ?? NEIGHBOURS_DEFAULTS.missCacheMs,
      maxPending: section.maxPendingQueries ?? NEIGHBOURS_DEFAULTS.maxPendingQueries,
    });
  }

  /** The WHOHAS service, then a client per neighbour (channels connect on first use). */
  async start(): Promise<void> {
    if (this.transport !== undefined) return;
    this.server = await startNeighbourServer({
      section: this.section,
      answer: (asker, flow) => answerWhoHas(this.level, asker, flow),
      onRefusal: () => this.level.counters.whoHasRefused++,
      log: this.log,
    });
    this.transport = grpcTransport(this.section);
  }

  get address(): string | undefined {
    return this.server?.address;
  }

  counters(): NeighbourServiceCounters | undefined {
    return this.server?.counters();
  }

  /** A dropped later packet of a connection the level holds no pin for: ask, unless already asking or recently missed. */
  onUnknown(c: UnknownConnection): void {
    if (this.stopped || this.transport === undefined || this.queries.begin(c.tuple, this.level.clock.now()) !== 'ask') return;
    this.level.counters.whoHasAsked++;
    // The packet outlives the handler that passed it: a copy, not a view of the channel's input.
    const kept: UnknownConnection = { ...c, packet: Buffer.from(c.packet) };
    void this.ask(kept).then((found) => this.settle(kept, found));
  }

  /** Every neighbour at once; the first that has the connection wins. */
  private ask(c: UnknownConnection): Promise<Found | undefined> {
    const t = c.tuple;
    const req = {
      asker: this.level.id,
      flow: { protocol: t.proto, client: ipv4ToString(t.srcIp), clientPort: t.srcPort, vip: ipv4ToString(t.dstIp), vipPort: t.dstPort },
    };
    const transport = this.transport!;
    const peers = this.section.peers;
    return new Promise((resolve) => {
      let open = peers.length;
      let done = false;
      if (open === 0) resolve(undefined);
      for (const peer of peers) {
        transport.whoHas(peer.id, req, this.timeoutMs).then(
          (reply) => {
            if (!done && reply.found) {
              done = true;
              resolve({ peer, reply });
            }
          },
          (err: unknown) => this.level.log.debug({ neighbour: peer.id, err: err instanceof Error ? err.message : String(err) }, 'WHOHAS: a neighbour did not answer'),
        ).finally(() => {
          if (--open === 0 && !done) resolve(undefined);
        });
      }
    });
  }

  private settle(c: UnknownConnection, found: Found | undefined): void {
    const level = this.level;
    const now = level.clock.now();
    const conn = { client: `${ipv4ToString(c.tuple.srcIp)}:${c.tuple.srcPort}`, vip: `${ipv4ToString(c.tuple.dstIp)}:${c.tuple.dstPort}` };
    const miss = (why: string): void => {
      this.queries.settle(c.tuple, false, now);
      level.counters.whoHasMisses++;
      if (now - this.lastMissLogAt >= LOG_EVERY_MS) {
        this.lastMissLogAt = now;
        level.log.info({ ...conn, why, missedSoFar: level.counters.whoHasMisses }, 'WHOHAS: no neighbour has the connection; its packets stay dropped');
      }
    };
    if (this.stopped) return;
    if (found === undefined) return miss('no neighbour holds a pin for it');
    const reach = reachOf(found.peer, c.dpid);
    if (reach === undefined) return miss(`no port toward ${found.peer.id} on switch ${c.dpid.toString(16)}`);
    const path = neighbourPath(reach, found.reply.labels);
    if (path === undefined) return miss(`${found.peer.id} answered an unusable label stack [${found.reply.labels.join(', ')}]`);
    const owner = found.reply.owner || found.peer.id;
    // Pinned even if the switch is away this moment: its flow goes back when it reconnects.
    const sent = this.routing.adoptFromNeighbour(c, `${owner}/${found.reply.target}`, path);
    this.queries.settle(c.tuple, true, now);
    level.log.info({ ...conn, neighbour: owner, target: found.reply.target, labels: path.kind === 'mpls' ? path.labels : [], port: path.port, sent }, 'WHOHAS: connection pinned to a neighbour\'s target');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.transport?.close();
    await this.server?.stop();
  }
}
