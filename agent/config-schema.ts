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
    serverId: {
      type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 128,
      description: 'This server\'s target id at its site SLR; must equal the CN of the agent\'s certificate.', examples: ['web-1'],
    },
    slr: {
      type: 'object',
      additionalProperties: false,
      required: ['address'],
      description: 'The site SLR\'s registration service (its `agents` section).',
      properties: {
        address: { type: 'string', pattern: addressPattern, description: 'Where to register: "host:port", "[v6addr]:port" or "unix:/path".', examples: ['10.0.0.254:50051'] },
        serverName: { type: 'string', minLength: 1, description: 'Name checked in the SLR\'s certificate; default localhost (unix socket) or the host of address.' },
        callTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: 5000, description: 'Deadline of each call to the SLR, ms.' },
      },
    },
    tls: { ...TLS_FILES_SCHEMA, description: 'Mutual TLS with the SLR: caFile signs the SLR\'s certificate; certFile/keyFile are the agent\'s own (CN = serverId).' },
    dataPlane: {
      type: 'object',
      additionalProperties: false,
      required: ['ip', 'mac'],
      description: 'This server on the data plane, as the SLR must see it (checked against its target attachment).',
      properties: {
        ip: { type: 'string', minLength: 2, description: 'The server\'s real address on the data plane.', examples: ['10.0.0.11'] },
        mac: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'MAC of the server\'s data-plane interface.', examples: ['02:00:00:00:00:11'] },
      },
    },
    subnets: {
      type: 'array',
      minItems: 1,
      description: 'The virtual subnets (VIPs) this server serves, and their ports; each is made local on the server (see routes).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['subnet', 'ports'],
        properties: {
          subnet: { type: 'string', pattern: cidrPattern, description: 'Virtual subnet in CIDR form (a single VIP is /32).', examples: ['192.200.0.0/24'] },
          ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 }, description: 'Destination ports served in the subnet.', examples: [[80, 443]] },
        },
      },
    },
    reportIntervalMs: {
      type: 'integer', minimum: 50, maximum: 3_600_000,
      description: 'Report at least this often, ms: the agent reports at the shorter of this and the interval the SLR asks for. Absent: the SLR\'s interval.',
    },
    load: {
      type: 'object',
      additionalProperties: false,
      description: 'How the load index is computed: (connectionWeight x connections / connectionsAtFullLoad + cpuWeight x cpu) / (connectionWeight + cpuWeight).',
      properties: {
        connectionWeight: { type: 'number', minimum: 0, default: DEFAULT_LOAD_WEIGHTS.connectionWeight, description: 'Weight of the connection count in the load index.' },
        cpuWeight: { type: 'number', minimum: 0, default: DEFAULT_LOAD_WEIGHTS.cpuWeight, description: 'Weight of the CPU share in the load index.' },
        connectionsAtFullLoad: { type: 'integer', minimum: 1, default: DEFAULT_LOAD_WEIGHTS.connectionsAtFullLoad, description: 'Connections this server counts as fully loaded.' },
        matchVipAddress: { type: 'boolean', default: true, description: 'Count a connection for a subnet only when its local address is in that subnet (false: every connection on the service ports).' },
        cpuSource: {
          enum: ['system', 'netns'], default: 'netns',
          description: 'netns: CPU of the processes in the agent\'s network namespace (servers as namespaces of one kernel, as in Mininet; on a dedicated host the same as system); system: machine-wide /proc/stat.',
        },
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
      description: 'The local routes that make the virtual subnets local on this server (`ip route add local SUBNET dev DEVICE`) and the ARP sysctls direct server return needs.',
      properties: {
        manage: { type: 'boolean', default: true, description: 'Add the routes and sysctls at start and remove them at stop; false leaves them to someone else (e.g. a test harness).' },
        device: { type: 'string', minLength: 1, default: 'lo', description: 'Device the local routes point at.' },
        drainTimeoutMs: {
          type: 'integer', minimum: 0, maximum: 3_600_000, default: 0,
          description: 'On stop, after saying goodbye: keep the routes while connections on the service ports remain, up to this long, ms (0: remove at once).',
        },
      },
      default: {},
    },
    healthCheck: {
      type: 'object',
      additionalProperties: false,
      description: 'Active health check of the service: a TCP connect per virtual subnet every interval. A subnet that fails it is reported unhealthy and the site SLR stops choosing this server for it (unless every server of the service fails: panic); its pinned connections stay. Off by default: a subnet served over UDP only has no TCP port to check.',
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Probe the service and report the verdict.' },
        intervalMs: { type: 'integer', minimum: 50, maximum: 600_000, default: 500, description: 'Time between two probes of a subnet, ms.' },
        timeoutMs: { type: 'integer', minimum: 10, maximum: 600_000, default: 400, description: 'A probe that has not connected after this long failed, ms (at most intervalMs).' },
        failuresToDown: { type: 'integer', minimum: 1, maximum: 100, default: 2, description: 'Failed probes in a row that make a subnet unhealthy.' },
        successesToUp: { type: 'integer', minimum: 1, maximum: 100, default: 2, description: 'Good probes in a row that make an unhealthy subnet healthy again.' },
        address: { type: 'string', minLength: 2, description: 'Address to connect to. Absent: the subnet\'s first address (the VIP of a /32), which the agent\'s local routes make local.', examples: ['127.0.0.1'] },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port to connect to. Absent: the subnet\'s first service port.', examples: [8080] },
      },
      default: {},
    },
    flowRecovery: {
      type: 'object',
      additionalProperties: false,
      description: 'Server-side recovery (patent Fig. 10): a connection to a VIP that stalls (the kernel keeps retransmitting and hears nothing) gets an ICMP echo request from the VIP to its client carrying the connection and this server\'s identity, signed with the registration session\'s key; the client\'s reply reaches the SLR that now receives its traffic, which pins the connection to this server again. Needs /usr/bin/python3 and CAP_NET_RAW for the raw send. Off by default.',
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Watch for stalled connections and advertise them.' },
        pollIntervalMs: { type: 'integer', minimum: 50, maximum: 600_000, default: 500, description: 'How often to look, ms: /proc/net/snmp every time; the socket table only when the kernel retransmitted since the last look.' },
        minRetransmits: { type: 'integer', minimum: 1, maximum: 100, default: 2, description: 'Retransmission timeouts in a row (retrnsmt in /proc/net/tcp) that make a connection stalled.' },
        repeatMs: { type: 'integer', minimum: 100, maximum: 600_000, default: 1000, description: 'At most one advertisement per connection this often, ms.' },
      },
      default: {},
    },
    registration: {
      type: 'object',
      additionalProperties: false,
      description: 'Retry of the Hello while the SLR is unreachable or refuses.',
      properties: {
        initialBackoffMs: { type: 'integer', minimum: 10, default: 250, description: 'First retry delay, ms.' },
        maxBackoffMs: { type: 'integer', minimum: 10, default: 10_000, description: 'Longest retry delay, ms.' },
      },
      default: {},
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['listen'],
      description: 'Serve GET /metrics for Prometheus (see dashboards/README.md). Absent: no listener.',
      properties: {
        listen: { type: 'string', pattern: addressPattern.replace('unix:/.+|', ''), description: 'Metrics address, "host:port" or "[v6addr]:port".', examples: ['127.0.0.1:9465'] },
      },
    },
    procRoot: { type: 'string', minLength: 1, default: '/proc', description: 'Where /proc is mounted (only tests point it elsewhere).' },
  },
} as const;
