// The config file's JSON schema, built from a core part plus sections that apps and
// other parts register (e.g. apps.forwarding, serviceRouting, redis). Every object in
// it has additionalProperties: false so a typo is an error, never a silent default.
import { METRICS_SECTION_SCHEMA } from '../metrics/config-schema';
import { TLS_FILES_SCHEMA } from './tls-schema';

/** A JSON schema fragment as ajv takes it. */
export type JsonSchema = { [key: string]: unknown };

/** Sections to add to the core schema: top-level ones and ones under "apps". */
export interface ConfigSections {
  topLevel?: Record<string, JsonSchema>;
  apps?: Record<string, JsonSchema>;
}

const int = (minimum: number, maximum: number, dflt?: number): JsonSchema =>
  dflt === undefined ? { type: 'integer', minimum, maximum } : { type: 'integer', minimum, maximum, default: dflt };

const MAX_MS = 24 * 3600 * 1000;

/** openflow.packetInLimit: what each switch may send the controller (issue 14). */
const PACKET_IN_LIMIT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ratePerSec'],
  description: 'Per-switch limit on PACKET_INs. Absent: no limit. Excess is dropped at the switch by an OpenFlow '
    + 'meter on the controller port (spec 7.3.4.4, OFPM_CONTROLLER) and, as a second line, by the controller '
    + 'before decoding; both are counted (slr_packet_ins_limited_total) and logged per switch at most every '
    + 'logIntervalMs.',
  properties: {
    ratePerSec: { ...int(1, 10_000_000), description: 'Sustained PACKET_INs per second allowed from one switch.' },
    burst: {
      ...int(1, 10_000_000),
      description: 'PACKET_INs allowed back to back above the rate (the meter band burst_size and the controller '
        + 'token bucket). Default: ratePerSec.',
    },
    meter: {
      type: 'boolean', default: true,
      description: 'Install the limit on each switch as a METER_MOD for OFPM_CONTROLLER (pktps, one DROP band) when '
        + 'it connects. A switch that refuses is logged and left to the controller-side limit.',
    },
    controllerSide: {
      type: 'boolean', default: true,
      description: 'Also drop PACKET_INs over the limit in the controller, on the header byte, before decoding '
        + '(for switches without meters and for peers that ignore them).',
    },
    meterStatsIntervalMs: {
      ...int(500, MAX_MS, 5000),
      description: 'How often the controller reads each switch\'s controller-meter statistics to count what the '
        + 'switch dropped.',
    },
    logIntervalMs: {
      ...int(100, MAX_MS, 10000),
      description: 'At most one overload log line per switch per this interval.',
    },
  },
};

export const OPENFLOW_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'The OpenFlow 1.3 listener switches connect to (`ovs-vsctl set-controller BR tcp:HOST:PORT` or `ssl:HOST:PORT`).',
  properties: {
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Address to listen on for switches; 0.0.0.0 or :: for all.', examples: ['0.0.0.0'] },
    port: { ...int(0, 65535, 6653), description: 'TCP port to listen on (6653 is the IANA OpenFlow port; 0 picks a free one, printed in the "listening" log line).' },
    tls: { ...TLS_FILES_SCHEMA, description: 'Serve OpenFlow over TLS (switch side: `ovs-vsctl set-ssl` and `ssl:` controller targets). caFile signs the certificates of the switches; certFile/keyFile are those of the controller. Absent: plain TCP.' },
    keepalive: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Echo requests that detect a dead switch connection (OpenFlow 1.3 spec 6.3.2).',
      properties: {
        intervalMs: { ...int(100, MAX_MS, 5000), description: 'Silence from a switch this long makes the controller send it an ECHO_REQUEST, ms.' },
        timeoutMs: { ...int(100, MAX_MS, 10000), description: 'A switch that stays silent this long after the echo request is disconnected, ms.' },
      },
    },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Deadlines on the switch channel.',
      properties: {
        requestMs: { ...int(10, MAX_MS, 10000), description: 'A request to a switch (barrier, statistics, role) unanswered this long fails with a timeout error, ms.' },
        handshakeMs: { ...int(10, MAX_MS, 10000), description: 'A connection that has not finished HELLO and FEATURES_REQUEST this long is closed, ms.' },
      },
    },
    missSendLen: { ...int(0, 0xffff, 0xffff), description: 'Bytes of each packet a switch puts in a PACKET_IN (SET_CONFIG miss_send_len); 65535 (OFPCML_NO_BUFFER, spec 7.3.2) asks for whole packets.' },
    maxSendQueueBytes: { ...int(65536, 1 << 30, 8 * 1024 * 1024), description: 'Bytes queued for one switch but not yet taken by the kernel above which sending reports overload (backpressure); see sendStallTimeoutMs.' },
    maxMessageLen: { ...int(64, 65535, 65535), description: 'Longest OpenFlow message accepted from a switch, bytes; a longer header length closes the connection.' },
    receiveSliceMessages: {
      ...int(1, 65536, 64),
      description: 'Messages one switch connection may have handled before every other connection gets a turn '
        + '(round-robin receive). Small values keep a flooding switch from delaying the others; the cost is one '
        + 'more event-loop turn per slice for a switch with a long backlog.',
    },
    sendStallTimeoutMs: {
      ...int(0, MAX_MS, 30000),
      description: 'A switch whose send queue stays above maxSendQueueBytes this long (it does not read what the '
        + 'controller writes) is disconnected, so a slow reader cannot hold controller memory. 0 disables.',
    },
    maxConnections: {
      ...int(1, 1_000_000, 4096),
      description: 'Open switch connections (handshaking or ready) above which new TCP connections are refused at '
        + 'accept. Bounds the memory idle or half-handshaken connections can take.',
    },
    packetInLimit: PACKET_IN_LIMIT_SCHEMA,
    role: {
      type: 'object',
      additionalProperties: false,
      required: ['role'],
      description: 'The OpenFlow role this controller asks each switch for after the handshake (ROLE_REQUEST, spec 6.3.7), for switches shared by several controllers. Absent: no role request (equal).',
      properties: {
        role: { enum: ['equal', 'master', 'slave'], description: 'Role to request: master (the one controller that writes), slave (reads only) or equal.' },
        // 64-bit (spec 7.3.9): JSON numbers lose precision past 2^53, so a decimal string is accepted too.
        generationId: {
          anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,20}$' }],
          default: 0,
          description: 'Generation id sent with a master or slave request; a switch refuses one older than the last it saw. A decimal string for values past 2^53.',
        },
      },
    },
  },
};

export const LOG_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: 'Logging: one JSON object per line on standard output (pino).',
  properties: {
    level: { enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info', description: 'Least severe level written.' },
  },
};

/** The full schema: core sections plus the registered ones. Names may not collide. */
export function buildConfigSchema(sections: ConfigSections = {}): JsonSchema {
  const top: Record<string, JsonSchema> = { openflow: OPENFLOW_SECTION_SCHEMA, log: LOG_SECTION_SCHEMA, metrics: METRICS_SECTION_SCHEMA };
  const apps: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(sections.topLevel ?? {})) {
    if (name in top || name === 'apps') throw new Error(`config section "${name}" is registered twice`);
    top[name] = schema;
  }
  for (const [name, schema] of Object.entries(sections.apps ?? {})) {
    if (name in apps) throw new Error(`config section "apps.${name}" is registered twice`);
    apps[name] = schema;
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...top,
      apps: { type: 'object', additionalProperties: false, default: {}, description: 'Per-app sections, keyed by app name.', properties: apps },
    },
  };
}
