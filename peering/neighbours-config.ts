// A level's `neighbours` section: the other SLR clusters of the same level it asks
// "who has this connection?" (WHOHAS, proto/slr/v1/neighbours.proto) when a later
// packet of a connection it never saw reaches its ingress, and the service where they
// ask it. Each neighbour also says how this level's ingress switches reach the
// neighbour's switches (a port, and a label the neighbour pops if it has one), so a
// connection found there is tunnelled to it on the label stack it answers with.
import { TLS_FILES_SCHEMA } from '../controller/config/tls-schema';
import { ADDRESS_PATTERN, type AgentsTlsFiles } from './config-schema';

export interface NeighbourPeer {
  /** The neighbour level's id: the CN (or a DNS SAN) of its certificate. */
  id: string;
  /** Its WHOHAS service: "host:port" or "unix:/path". */
  address: string;
  serverName?: string;
  /** Port toward the neighbour's switches on every ingress switch of this level (unless ports names the switch). */
  port?: number;
  /** Port toward the neighbour per ingress switch (datapath id in hex). */
  ports: Record<string, number>;
  /** A label the neighbour's switches pop before switching the answer's stack (a level reached by tunnel has one). */
  label?: number;
}

export interface NeighboursSection {
  /** Where this level answers its neighbours' WHOHAS queries. */
  listen: string;
  /** The WHOHAS service's end: caFile signs the neighbours' client certificates; certFile/keyFile: this level's server certificate. */
  tls: AgentsTlsFiles;
  /** The asking end: caFile signs the neighbours' server certificates; certFile/keyFile: this level's client certificate (CN = level id). */
  clientTls: AgentsTlsFiles;
  queryTimeoutMs: number;
  missCacheMs: number;
  maxPendingQueries: number;
  peers: NeighbourPeer[];
}

export const NEIGHBOURS_DEFAULTS = { queryTimeoutMs: 300, missCacheMs: 2000, maxPendingQueries: 1024 } as const;

export const neighboursSectionSchema = {
  type: 'object',
  description: 'WHOHAS (recovery 3): the other SLR clusters of this level. A later packet of a connection this level holds no pin for (a routing change moved the client to this ingress) is not dropped at once: the neighbours are asked who has the connection, and the one that does answers with its target\'s label stack, which this level then pushes toward it.',
  additionalProperties: false,
  required: ['listen', 'tls', 'clientTls', 'peers'],
  properties: {
    listen: { type: 'string', pattern: ADDRESS_PATTERN, description: 'Address of this level\'s WHOHAS service: "host:port", "[v6addr]:port" or "unix:/path".', examples: ['0.0.0.0:50061'] },
    tls: { ...TLS_FILES_SCHEMA, description: 'Mutual TLS of this level\'s WHOHAS service: caFile signs the neighbours\' client certificates (their CN is their level id); certFile/keyFile are this level\'s server certificate and key.' },
    clientTls: { ...TLS_FILES_SCHEMA, description: 'Mutual TLS when this level asks: caFile signs the neighbours\' server certificates; certFile/keyFile are this level\'s client certificate (its CN is this level\'s id) and key.' },
    queryTimeoutMs: {
      type: 'integer', minimum: 10, maximum: 10_000, default: NEIGHBOURS_DEFAULTS.queryTimeoutMs,
      description: 'How long a WHOHAS query waits for the neighbours, ms; the packets of the connection that arrive meanwhile are dropped (TCP sends them again).',
    },
    missCacheMs: {
      type: 'integer', minimum: 0, maximum: 600_000, default: NEIGHBOURS_DEFAULTS.missCacheMs,
      description: 'After no neighbour had a connection, its later packets are dropped without asking again for this long, ms (a flood of stray packets costs one query per connection per period).',
    },
    maxPendingQueries: {
      type: 'integer', minimum: 1, maximum: 1_000_000, default: NEIGHBOURS_DEFAULTS.maxPendingQueries,
      description: 'Connections asked about at once; a packet of one more unknown connection is dropped without asking.',
    },
    peers: {
      type: 'array',
      minItems: 1,
      description: 'The neighbour clusters, all asked at once; the first that has the connection wins.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'address'],
        description: 'One neighbour SLR cluster of the same level.',
        properties: {
          id: { type: 'string', minLength: 1, description: 'The neighbour level\'s id (its certificate\'s CN); only configured neighbours may ask this level.' },
          address: { type: 'string', pattern: ADDRESS_PATTERN, description: 'The neighbour\'s WHOHAS service (its neighbours.listen).' },
          serverName: { type: 'string', minLength: 1, description: 'Name checked in the neighbour\'s certificate; default localhost (unix socket) or the host.' },
          port: { type: 'integer', minimum: 1, maximum: 0xffffff00, description: 'OpenFlow port toward the neighbour\'s switches on each ingress switch of this level.' },
          ports: {
            type: 'object', default: {},
            description: 'OpenFlow port toward the neighbour per ingress switch (datapath id -> port), where it differs from port.',
            propertyNames: { type: 'string', minLength: 1, maxLength: 32 },
            additionalProperties: { type: 'integer', minimum: 1, maximum: 0xffffff00 },
          },
          label: { type: 'integer', minimum: 16, maximum: 0xfffff, description: 'MPLS label the neighbour\'s switches pop before they switch the answered stack (its tunnel.label, when it is reached by tunnel); none: the stack is sent as answered.' },
        },
      },
    },
  },
} as const;
