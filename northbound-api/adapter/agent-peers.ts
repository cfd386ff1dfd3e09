// Registered server agents as the peers of a site SLR (GET /v1/peers). Neighbouring SLR
// levels join this list when the hierarchy lands.
import type { LiveAgentView } from '../../peering/agent-registry';
import type { PeerInfo } from '../services';

/** The part of the peering AgentRegistry this needs. */
export interface AgentDirectory {
  liveServerIds(): string[];
  get(serverId: string): LiveAgentView | undefined;
}

export function agentPeers(agents: AgentDirectory): () => PeerInfo[] {
  return () =>
    agents
      .liveServerIds()
      .sort()
      .flatMap((id) => {
        const v = agents.get(id);
        if (v === undefined) return [];
        return [{ id, kind: 'server-agent', address: v.agent.ip, state: v.lastReportAt === undefined ? 'registered' : 'reporting' }];
      });
}
