// TypeScript shapes of the slr.v1 messages as proto-loader delivers them
// (camelCase fields, uint64 as number, defaults filled in). See proto/slr/v1/*.proto.

export interface SubnetLoadMsg {
  subnet: string;
  load: number;
  connections: number;
  cpu: number;
}

export interface ServedSubnetMsg {
  subnet: string;
  ports: number[];
}

export interface HelloRequestMsg {
  serverId: string;
  certificatePem: string;
  ip: string;
  mac: string;
  subnets: ServedSubnetMsg[];
  agentVersion: string;
}

export interface HelloReplyMsg {
  sessionId: string;
  reportIntervalMs: number;
  missedReportsToExpire: number;
  expiryMs: number;
}

export interface LoadReportMsg {
  serverId: string;
  sessionId: string;
  seq: number;
  measuredAtMs: number;
  loads: SubnetLoadMsg[];
}

export interface ReportReplyMsg {
  reportIntervalMs: number;
}

export interface GoodbyeRequestMsg {
  serverId: string;
  sessionId: string;
  reason: string;
}

export type GoodbyeReplyMsg = Record<string, never>;
