// JSON schema of the agent's config file (`slr agent --config FILE`). Unknown keys are
// rejected at every level so a typo never silently falls back to a default.
import { DEFAULT_SOCKET_SCAN_BUDGET } from './connection-counter';
import { DEFAULT_LOAD_WEIGHTS } from './load-index';
import { TLS_FILES_SCHEMA } from '../controller/config/tls-schema';

const cidrPattern = '^[0-9a-fA-F:.]+/[0-9]{1,3}$';
const addressPattern = '^(unix:/.+|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}|[^:\\s\\[\\]]+:\\d{1,5})$';

export const agentConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serverId', 'slr', 'tls', 'dataPlane', 'subnets'],
  properties: {
    /** Must equal the CN of the agent's certificate. */
    serverId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 128 },
    slr: {
      type: 'object',
      additionalProperties: false,
      required: ['address'],
      properties: {
        address: { type: 'string', pattern: addressPattern },
        /** Name checked in the SLR's certificate; default localhost (unix) or the host. */
        serverName: { type: 'string', minLength: 1 },
        callTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000 },
      },
    },
    tls: TLS_FILES_SCHEMA,
    dataPlane: {
      type: 'object',
      additionalProperties: false,
      required: ['ip', 'mac'],
      properties: {
        ip: { type: 'string', minLength: 2 },
        mac: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$' },
      },
    },
    subnets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['subnet', 'ports'],
        properties: {
          subnet: { type: 'string', pattern: cidrPattern },
          ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 } },
        },
      },
    },
    /**
     * The agent reports at min(this, the interval the SLR asks for in HelloReply), so
     * it never reports less often than the SLR expects. Absent: the SLR's interval.
     */
    reportIntervalMs: { type: 'integer', minimum: 50, maximum: 3_600_000 },
    load: {
      type: 'object',
      additionalProperties: false,
      properties: {
        connectionWeight: { type: 'number', minimum: 0, default: DEFAULT_LOAD_WEIGHTS.connectionWeight },
        cpuWeight: { type: 'number', minimum: 0, default: DEFAULT_LOAD_WEIGHTS.cpuWeight },
        connectionsAtFullLoad: { type: 'integer', minimum: 1, default: DEFAULT_LOAD_WEIGHTS.connectionsAtFullLoad },
        /** Count a connection for a subnet only if its local address is in that subnet. */
        matchVipAddress: { type: 'boolean', default: true },
        /**
         * "netns": CPU of the processes in the agent's network namespace (right when
         * servers are namespaces on one kernel, as in Mininet, and on a dedicated host
         * equal to its own processes); "system": machine-wide /proc/stat.
         */
        cpuSource: { enum: ['system', 'netns'], default: 'netns' },
        /**
         * Share of one core the exact count of connections (a walk of /proc/net/tcp{,6})
         * may use on average; reports between walks follow the kernel's CurrEstab counter.
         */
        socketScanBudget: {
          type: 'number', exclusiveMinimum: 0, maximum: 1, default: DEFAULT_SOCKET_SCAN_BUDGET,
          description: 'Share of one core (0-1] the walks of /proc/net/tcp{,6} that count connections exactly may use on average; ' +
            'reports between two walks scale the last count by the kernel\'s CurrEstab counter. A walk costs ~1 ms per 1,000 sockets.',
        },
      },
      default: {},
    },
    routes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** false: leave routes and sysctls to someone else (e.g. a test harness). */
        manage: { type: 'boolean', default: true },
        device: { type: 'string', minLength: 1, default: 'lo' },
        /**
         * On stop, after goodbye: keep the routes while connections on the service
         * ports remain, up to this long (0: remove at once).
         */
        drainTimeoutMs: { type: 'integer', minimum: 0, maximum: 3_600_000, default: 0 },
      },
      default: {},
    },
    registration: {
      type: 'object',
      additionalProperties: false,
      properties: {
        initialBackoffMs: { type: 'integer', minimum: 10, default: 250 },
        maxBackoffMs: { type: 'integer', minimum: 10, default: 10_000 },
      },
      default: {},
    },
    /** Serve GET /metrics for Prometheus on host:port (see dashboards/README.md); absent: no listener. */
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['listen'],
      properties: { listen: { type: 'string', pattern: addressPattern.replace('unix:/.+|', '') } },
    },
    /** Where /proc is; only tests point it elsewhere. */
    procRoot: { type: 'string', minLength: 1, default: '/proc' },
  },
} as const;
