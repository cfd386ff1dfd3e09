// The serviceRouting config section (JSON schema for the controller's composed config).
// The schema checks shapes; buildCatalog() then checks meaning (overlaps, references)
// with messages that name the offending service, target or policy.

import type { CatalogSpec } from './types';
import type { AggregateKind } from './policies/aggregate';

type JsonSchema = { [key: string]: unknown };

const obj = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const id: JsonSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' };
const ipv4 = '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';
const prefix: JsonSchema = { type: 'string', pattern: `${ipv4.slice(0, -1)}(/([0-9]|[12][0-9]|3[0-2]))?$` };
const mac: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$' };
const dpid: JsonSchema = { type: 'string', minLength: 1, maxLength: 32 };
const clock: JsonSchema = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' };
const nonNegative: JsonSchema = { type: 'number', minimum: 0 };

const TARGET: JsonSchema = obj(
  {
    id,
    kind: { enum: ['server', 'site', 'as'], default: 'server' },
    weight: { ...nonNegative, default: 1 },
    cost: { ...nonNegative, default: 0 },
    adminState: { enum: ['enabled', 'draining', 'disabled'], default: 'enabled' },
    attachment: obj({ ip: { type: 'string', pattern: ipv4 }, mac, port: { type: 'integer', minimum: 1, maximum: 0xffffff00 } }, ['ip', 'mac']),
  },
  ['id'],
);

const SERVICE: JsonSchema = obj(
  {
    id,
    prefix,
    protocol: { enum: ['tcp', 'udp'] },
    ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 }, uniqueItems: true, default: [] },
    targets: { type: 'array', items: id, minItems: 1, uniqueItems: true },
    policy: id,
  },
  ['id', 'prefix', 'protocol', 'targets', 'policy'],
);

const POLICY: JsonSchema = {
  oneOf: [
    obj({ type: { enum: ['least-load', 'weighted', 'cost'] } }, ['type']),
    obj({ type: { const: 'weighted-sum' }, loadFactor: { type: 'number' }, costFactor: { type: 'number' } }, ['type', 'loadFactor', 'costFactor']),
    obj(
      {
        type: { const: 'affinity' },
        base: id,
        rules: { type: 'array', items: obj({ clientPrefix: prefix, targets: { type: 'array', items: id, minItems: 1 } }, ['clientPrefix', 'targets']) },
      },
      ['type', 'base', 'rules'],
    ),
    obj(
      {
        type: { const: 'time-of-day' },
        // Required, not defaulted: ajv cannot fill defaults inside oneOf branches.
        tzOffsetMinutes: { type: 'integer', minimum: -840, maximum: 840 },
        windows: {
          type: 'array',
          items: obj(
            { start: clock, end: clock, days: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, uniqueItems: true }, policy: id },
            ['start', 'end', 'policy'],
          ),
        },
        default: id,
      },
      ['type', 'tzOffsetMinutes', 'windows', 'default'],
    ),
  ],
};

export const SERVICE_ROUTING_SECTION_SCHEMA: JsonSchema = obj(
  {
    ingress: obj(
      {
        /** Switches where client traffic enters and VIP packet-in rules go. */
        dpids: { type: 'array', items: dpid, minItems: 1, uniqueItems: true },
        /** MAC the controller answers ARP requests for VIPs with. */
        vipMac: { ...mac, default: '02:00:00:00:00:01' },
        /** Gateway addresses of the client subnets: answered like VIPs (with vipMac), so
         * clients reach VIP subnets by an ordinary route via the gateway. */
        gatewayIps: { type: 'array', items: { type: 'string', pattern: ipv4 }, uniqueItems: true, default: [] },
        /** 0 = no idle timeout on pinned flows (expiry by other means, see DESIGN 6). */
        pinIdleTimeoutSec: { type: 'integer', minimum: 0, maximum: 65535, default: 60 },
      },
      ['dpids'],
    ),
    targets: { type: 'array', items: TARGET, default: [] },
    services: { type: 'array', items: SERVICE, default: [] },
    policies: { type: 'object', propertyNames: id, additionalProperties: POLICY, default: {} },
    tableUpdateIntervalMs: { type: 'integer', minimum: 10, maximum: 3_600_000, default: 1000 },
    /** Load-index units added per assignment between reports (herding avoidance). */
    assignmentLoadIncrement: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
    requireLoadReport: { type: 'boolean', default: false },
    maxReportAgeMs: { type: 'integer', minimum: 0, default: 0 },
    aggregate: { enum: ['min', 'mean', 'weighted-mean', 'max'], default: 'mean' },
  },
  ['ingress'],
);

/** The section after validation (defaults filled). */
export interface ServiceRoutingConfig extends CatalogSpec {
  ingress: {
    dpids: string[];
    vipMac: string;
    gatewayIps: string[];
    pinIdleTimeoutSec: number;
  };
  tableUpdateIntervalMs: number;
  assignmentLoadIncrement: number;
  requireLoadReport: boolean;
  maxReportAgeMs: number;
  aggregate: AggregateKind;
}
