// Policies: the metric F with its parameters, plus the aggregation G and the table
// update interval. One closed schema per type, chosen by the "type" discriminator, so
// errors speak about the branch the client meant rather than every branch.
import { bodyVersionSchema, closedObject, idSchema, prefixSchema, versionSchema, type JsonSchema } from './common';

export const MIN_TABLE_INTERVAL_MS = 100;
export const MAX_TABLE_INTERVAL_MS = 3_600_000;

const settings: Record<string, JsonSchema> = {
  aggregation: {
    type: 'string',
    enum: ['min', 'mean', 'weighted-mean', 'max'],
    description: 'G: how the loads of a subnet\'s targets fold into the one figure advertised upward',
  },
  tableUpdateIntervalMs: {
    type: 'integer',
    minimum: MIN_TABLE_INTERVAL_MS,
    maximum: MAX_TABLE_INTERVAL_MS,
    description: 'how often load reports are folded into the decision table',
  },
};

const factor: JsonSchema = { type: 'number', minimum: 0, maximum: 1_000_000 };
const time: JsonSchema = { type: 'string', pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM local time (24:00 ends a day)' };

const byType: Record<string, { props: Record<string, JsonSchema>; required: string[] }> = {
  'least-load': { props: {}, required: [] },
  weighted: { props: {}, required: [] },
  cost: { props: {}, required: [] },
  'weighted-sum': { props: { loadFactor: factor, costFactor: factor }, required: ['loadFactor', 'costFactor'] },
  affinity: {
    props: {
      rules: {
        type: 'array',
        maxItems: 4096,
        items: closedObject(
          { clientPrefix: prefixSchema, targets: { type: 'array', items: idSchema, minItems: 1, uniqueItems: true } },
          ['clientPrefix', 'targets'],
        ),
      },
      base: { ...idSchema, description: 'policy choosing among the preferred (or, failing them, all) targets' },
    },
    required: ['rules', 'base'],
  },
  'time-of-day': {
    props: {
      tzOffsetMinutes: { type: 'integer', minimum: -840, maximum: 840 },
      windows: {
        type: 'array',
        maxItems: 256,
        items: closedObject(
          {
            start: time,
            end: time,
            days: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, uniqueItems: true },
            policy: idSchema,
          },
          ['start', 'end', 'policy'],
        ),
      },
      default: idSchema,
    },
    required: ['tzOffsetMinutes', 'windows', 'default'],
  },
};

export const POLICY_TYPES = Object.keys(byType);

function policySchema(extra: Record<string, JsonSchema>, extraRequired: string[]): JsonSchema {
  return {
    type: 'object',
    required: ['type', ...extraRequired],
    discriminator: { propertyName: 'type' },
    oneOf: Object.entries(byType).map(([type, b]) =>
      closedObject({ type: { type: 'string', const: type }, ...b.props, ...settings, ...extra }, [...b.required]),
    ),
  };
}

/** POST /v1/policies: the name travels in the body. */
export const policyCreateBody: JsonSchema = policySchema({ name: idSchema }, ['name']);
/** PUT /v1/policies/{name}; the version GET returned is accepted (as If-Match). */
export const policyReplaceBody: JsonSchema = policySchema({ name: idSchema, version: bodyVersionSchema }, []);
export const policyResponse: JsonSchema = policySchema({ name: idSchema, version: versionSchema }, ['name', 'version']);

export const nameParams: JsonSchema = closedObject({ name: idSchema }, ['name']);
