// The registrants of a level as its peers (GET /v1/peers): server agents at a site,
// site SLRs at a system SLR, and so on.
import type { LivePeerView } from '../../peering';
import type { PeerInfo } from '../services';

/** The part of the peering Registry this needs. */
export interface PeerRegistry {
  liveIds(): string[];
  get(id: string): LivePeerView | undefined;
}

const KIND_NAMES: Record<string, string> = { server: 'server-agent', site: 'site-slr', as: 'as-slr' };

export function agentPeers(registry: PeerRegistry): () => PeerInfo[] {
  return () =>
    registry
      .liveIds()
      .sort()
      .flatMap((id) => {
        const v = registry.get(id);
        if (v === undefined) return [];
        const address = v.peer.ip ?? (v.peer.label === undefined ? '' : `mpls:${v.peer.label}`);
        return [{ id, kind: KIND_NAMES[v.peer.kind] ?? v.peer.kind, address, state: v.lastReportAt === undefined ? 'registered' : 'reporting' }];
      });
}
