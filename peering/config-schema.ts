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
    listen: { type: 'string', pattern: '^(unix:/.+|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}|[^:\\s\\[\\]]+:\\d{1,5})$' },
    tls: TLS_FILES_SCHEMA,
    reportIntervalMs: { type: 'integer', minimum: 50, maximum: 3_600_000, default: AGENTS_SECTION_DEFAULTS.reportIntervalMs },
    missedReportsToExpire: { type: 'integer', minimum: 1, maximum: 100, default: AGENTS_SECTION_DEFAULTS.missedReportsToExpire },
  },
} as const;
