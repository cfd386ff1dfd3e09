// TypeScript shape of the validated core config (schema.ts is the source of truth;
// ajv fills the defaults, so after loading every field with a default is present).
import type { ChannelConfig } from '../../southbound/channel/config';
import type { LogLevel } from '../logger';

export interface OpenflowConfig {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly keyFile: string; readonly certFile: string; readonly caFile: string };
  readonly keepalive: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly timeouts: { readonly requestMs: number; readonly handshakeMs: number };
  readonly missSendLen: number;
  readonly maxSendQueueBytes: number;
  readonly maxMessageLen: number;
  readonly receiveSliceMessages: number;
  readonly sendStallTimeoutMs: number;
  readonly maxConnections: number;
  readonly packetInLimit?: PacketInLimitConfig;
  readonly role?: { readonly role: 'equal' | 'master' | 'slave'; readonly generationId: number | string };
}

export interface PacketInLimitConfig {
  readonly ratePerSec: number;
  readonly burst?: number;
  readonly meter: boolean;
  readonly controllerSide: boolean;
  readonly meterStatsIntervalMs: number;
  readonly logIntervalMs: number;
}

export interface SlrConfig {
  readonly openflow: OpenflowConfig;
  readonly log: { readonly level: LogLevel };
  /** Each app reads and validates its own section (see its config module). */
  readonly apps: { readonly [app: string]: unknown };
  /** Sections registered by other parts (serviceRouting, redis, ...). */
  readonly [section: string]: unknown;
}

/** The channel's config from the openflow section. */
export function toChannelConfig(of: OpenflowConfig): ChannelConfig {
  return {
    host: of.host,
    port: of.port,
    tls: of.tls ? { keyFile: of.tls.keyFile, certFile: of.tls.certFile, caFile: of.tls.caFile } : undefined,
    echoIntervalMs: of.keepalive.intervalMs,
    echoTimeoutMs: of.keepalive.timeoutMs,
    requestTimeoutMs: of.timeouts.requestMs,
    handshakeTimeoutMs: of.timeouts.handshakeMs,
    missSendLen: of.missSendLen,
    maxSendQueueBytes: of.maxSendQueueBytes,
    maxMessageLen: of.maxMessageLen,
    receiveSliceMessages: of.receiveSliceMessages,
    sendStallTimeoutMs: of.sendStallTimeoutMs,
    maxConnections: of.maxConnections,
    logIntervalMs: of.packetInLimit?.logIntervalMs ?? 10_000,
    packetInLimit: of.packetInLimit?.controllerSide
      ? { ratePerSec: of.packetInLimit.ratePerSec, burst: of.packetInLimit.burst ?? of.packetInLimit.ratePerSec }
      : undefined,
    role: of.role ? { role: of.role.role, generationId: BigInt(of.role.generationId) } : undefined,
  };
}
