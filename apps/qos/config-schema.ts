// The `qos` config section: access links, service classes, per-service shares and rate
// limits, and how the app enforces and audits them. Every key has a description.
import type { JsonSchema } from '../../controller';
import type { QosState } from './types';

const id: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$', description: 'An identifier: letters, digits, ".", "_" or "-".' };
const percent: JsonSchema = { type: 'number', exclusiveMinimum: 0, maximum: 100 };

export const SERVICE_QOS_PROPERTIES: Record<string, JsonSchema> = {
  link: { ...id, description: 'The access link (qos.links[].id) whose capacity the share is of, and on whose switch the meters go. Default: the first link.' },
  sharePercent: { ...percent, description: 'Share of the link\'s rate this service may use, percent (above 0, at most 100). Default: its class\'s share.' },
  rateLimitKbps: { type: 'number', minimum: 0, description: 'A cap on the service\'s rate in kbit/s, whatever its share (0 stops it).' },
  class: { ...id, description: 'The service class (a key of qos.classes): its rank decides who keeps its share when the link is oversubscribed.' },
  directions: { type: 'string', enum: ['both', 'to-vip', 'from-vip'], description: 'Which traffic is metered: toward the VIP, from it (the servers\' direct replies, VIP as source), or both (default).' },
};

export const QOS_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Bandwidth shares and rate limits per service (VIP or virtual subnet) on access links, enforced with OpenFlow meters by the qos app.',
  properties: {
    links: {
      type: 'array',
      description: 'Access links whose capacity services share.',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'dpid', 'rateKbps'],
        description: 'One access link.',
        properties: {
          id,
          dpid: { type: 'string', pattern: '^(0x)?[0-9a-fA-F:]{1,23}$', description: 'The datapath id (hex) of the switch at the site end of the link: the site edge, where traffic to and from the VIPs passes.' },
          rateKbps: { type: 'number', exclusiveMinimum: 0, description: 'The link\'s capacity in kbit/s; shares are fractions of it.' },
        },
      },
    },
    classes: {
      type: 'object',
      description: 'Service classes by name (e.g. premium, best-effort).',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['rank'],
        description: 'One class.',
        properties: {
          rank: { type: 'integer', minimum: 0, maximum: 1000, description: 'Order in which classes keep their shares when a link is oversubscribed: 0 first.' },
          sharePercent: { ...percent, description: 'The share of a service of this class that names none, percent.' },
          targets: { type: 'array', items: id, uniqueItems: true, minItems: 1, description: 'When set, a service of this class may use only these targets (checked when the service\'s QoS is set).' },
          description: { type: 'string', description: 'Free text for operators.' },
        },
      },
    },
    services: {
      type: 'object',
      description: 'Per service id (serviceRouting.services[].id): its share and/or rate limit.',
      default: {},
      additionalProperties: { type: 'object', additionalProperties: false, description: 'One service\'s QoS.', properties: SERVICE_QOS_PROPERTIES },
    },
    burstMs: { type: 'integer', minimum: 1, maximum: 10_000, default: 100, description: 'Each meter\'s burst allowance, as milliseconds at its rate.' },
    auditIntervalMs: { type: 'integer', minimum: 0, maximum: 3_600_000, default: 2000, description: 'How often the app reads back its meters and flows on each link switch and restores what is missing (a switch that lost its meters gets them back); 0: only at (re)connect.' },
  },
};

export interface QosConfig {
  links: QosState['links'];
  classes: Record<string, QosState['classes'][string] & { description?: string }>;
  services: QosState['services'];
  burstMs: number;
  auditIntervalMs: number;
}

/** The validated section with defaults, or undefined when the config has none. */
export function qosConfigFrom(section: unknown): QosConfig | undefined {
  if (section === undefined || section === null || typeof section !== 'object') return undefined;
  const s = section as Partial<QosConfig>;
  return { links: s.links ?? [], classes: s.classes ?? {}, services: s.services ?? {}, burstMs: s.burstMs ?? 100, auditIntervalMs: s.auditIntervalMs ?? 2000 };
}
