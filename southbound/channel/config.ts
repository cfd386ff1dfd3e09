// Configuration and logging contract of the switch channel. Everything here is plain
// data so the controller can build it from its own validated config file.
import type { PacketInLimit } from './packet-in-limiter';

/** The subset of pino's API the channel uses; a pino logger fits as is. */
export interface ChannelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Role to claim during the handshake (spec 6.3.5); generationId matters for master/slave. */
export interface ChannelRoleConfig {
  role: 'equal' | 'master' | 'slave';
  generationId: bigint;
}

/** Files for the optional TLS channel; the CA checks switch certificates (spec 6.3.3). */
export interface ChannelTlsConfig {
  keyFile: string;
  certFile: string;
  caFile: string;
}

export interface ChannelConfig {
  /** Address to listen on; 127.0.0.1 unless the operator opens it deliberately. */
  host: string;
  /** 6653 is the IANA OpenFlow port; tests use 0 (OS-chosen). */
  port: number;
  tls?: ChannelTlsConfig;
  /** Silence on the connection for this long triggers an ECHO_REQUEST (spec 6.3.2). */
  echoIntervalMs: number;
  /** No traffic at all this long after our ECHO_REQUEST: the switch is dead. */
  echoTimeoutMs: number;
  /** Default timeout of request(), multipart() and barrier(). */
  requestTimeoutMs: number;
  /** HELLO through READY must finish within this time. */
  handshakeTimeoutMs: number;
  /** miss_send_len of SET_CONFIG; OFPCML_NO_BUFFER (0xffff) asks for whole packets. */
  missSendLen: number;
  /** Bytes queued but not yet taken by the kernel above which send() reports overload. */
  maxSendQueueBytes: number;
  /** Largest message accepted from a switch; OpenFlow's length field allows 65535. */
  maxMessageLen: number;
  role?: ChannelRoleConfig;
  /** Frames one connection handles per receive slice before the others get a turn
   * (receive-scheduler.ts). Small keeps a flooding switch from delaying the others. */
  receiveSliceMessages: number;
  /** Controller-side PACKET_IN limit per connection; absent = none. */
  packetInLimit?: PacketInLimit;
  /** A switch that keeps its send queue above maxSendQueueBytes (it does not read)
   * this long is disconnected; 0 = never. */
  sendStallTimeoutMs: number;
  /** Listener: open connections (READY or in their handshake) above which new ones are
   * refused at accept. */
  maxConnections: number;
  /** At most one log line per connection and kind of repeated trouble (PACKET_INs over
   * the limit, malformed ERRORs, refused message types) per this interval. */
  logIntervalMs: number;
}

export const DEFAULT_CHANNEL_CONFIG: ChannelConfig = {
  host: '127.0.0.1',
  port: 6653,
  echoIntervalMs: 5_000,
  echoTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  handshakeTimeoutMs: 10_000,
  missSendLen: 0xffff,
  maxSendQueueBytes: 8 * 1024 * 1024,
  maxMessageLen: 65_535,
  receiveSliceMessages: 64,
  sendStallTimeoutMs: 30_000,
  maxConnections: 4096,
  logIntervalMs: 10_000,
};

/** A logger that drops everything: the default when the owner passes none. */
export const SILENT_LOGGER: ChannelLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
