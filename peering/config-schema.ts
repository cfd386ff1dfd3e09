// The controller's `agents` config section: where the site SLR listens for server
// agents and what it expects from them. Exported for the controller's composable
// config (ajv); the set of allowed servers and their subnets is not here: it comes
// from the service-routing catalog and is handed to startAgentServer by the caller.
import { TLS_FILES_SCHEMA } from '../controller/config/tls-schema';

export interface AgentsTlsFiles {
  /** CA that signs agent (client) certificates; clients are verified against it. */
  caFile: string;
  /** The SLR's own server certificate and key (SAN must cover the name agents dial). */
  certFile: string;
  keyFile: string;
}

export interface AgentsSection {
  /** "unix:/path.sock" or "host:port" (listen on 127.0.0.1 or a unix socket in tests). */
  listen: string;
  tls: AgentsTlsFiles;
  /** The interval the SLR asks agents to report at (sent in HelloReply). */
  reportIntervalMs: number;
  /** An agent is expired after this many report intervals without a report. */
  missedReportsToExpire: number;
}

export const AGENTS_SECTION_DEFAULTS = { reportIntervalMs: 1000, missedReportsToExpire: 3 } as const;

export const agentsSectionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['listen', 'tls'],
  properties: {
    listen: {
      type: 'string', pattern: '^(unix:/.+|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}|[^:\\s\\[\\]]+:\\d{1,5})$',
      description: 'Address of the gRPC registration service: "host:port", "[v6addr]:port" or "unix:/path".',
      examples: ['0.0.0.0:50051', 'unix:/run/slr/agents.sock'],
    },
    tls: { ...TLS_FILES_SCHEMA, description: 'Mutual TLS of the registration service: caFile signs the certificates of the registrants (whose CN is their target id); certFile/keyFile are this level\'s server certificate and key.' },
    reportIntervalMs: {
      type: 'integer', minimum: 50, maximum: 3_600_000, default: AGENTS_SECTION_DEFAULTS.reportIntervalMs,
      description: 'Load report interval asked of every registrant (sent in the HelloReply), ms.',
    },
    missedReportsToExpire: {
      type: 'integer', minimum: 1, maximum: 100, default: AGENTS_SECTION_DEFAULTS.missedReportsToExpire,
      description: 'A registrant that misses this many report intervals in a row is expired: its load report no longer counts.',
    },
  },
} as const;

/** A level's link to the level above it (it registers there like a server agent does with its site). */
export interface UpstreamSection {
  /** "unix:/path.sock" or "host:port" of the upper level's registration service. */
  address: string;
  /** CA that signed the upper level's certificate, and this level's own client certificate and key (CN = this level's id). */
  tls: AgentsTlsFiles;
  serverName?: string;
  callTimeoutMs: number;
  /** This level's own wish for a report interval (the upper level's, if shorter, wins). */
  reportIntervalMs?: number;
  registration: { initialBackoffMs: number; maxBackoffMs: number };
  /** Tell the level above where its connections ended up, so their entry tunnels straight there. */
  shortcut: boolean;
}

export const ADDRESS_PATTERN = '^(unix:/.+|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}|[^:\\s\\[\\]]+:\\d{1,5})$';

export const upstreamSectionSchema = {
  type: 'object',
  description: 'The level above this one: this level registers there, reports its aggregated load per virtual subnet at the interval it asks for, and sends it shortcuts.',
  additionalProperties: false,
  required: ['address', 'tls'],
  properties: {
    address: { type: 'string', pattern: ADDRESS_PATTERN, description: 'Registration service of the level above: "unix:/path" or "host:port".' },
    tls: { ...TLS_FILES_SCHEMA, description: 'caFile: the CA of the level above; certFile/keyFile: this level\'s client certificate (its CN is this level\'s id) and key.' },
    serverName: { type: 'string', minLength: 1, description: 'Name checked in the upper level\'s certificate; default localhost (unix socket) or the host.' },
    callTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000, description: 'Deadline of each call to the level above, ms.' },
    reportIntervalMs: { type: 'integer', minimum: 50, maximum: 3_600_000, description: 'Report at least this often, ms (the level above may ask for more often).' },
    registration: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Retry of the Hello while the level above is unreachable or refuses.',
      properties: {
        initialBackoffMs: { type: 'integer', minimum: 10, default: 250, description: 'First retry delay, ms.' },
        maxBackoffMs: { type: 'integer', minimum: 10, default: 5000, description: 'Longest retry delay, ms.' },
      },
    },
    shortcut: { type: 'boolean', default: true, description: 'Send the level above the label stack of each connection this level pinned after it came through a tunnel, so the connection\'s entry tunnels straight to the final target.' },
  },
} as const;
