// Turns ajv's errors into one line per problem that names the key by its dotted path,
// e.g. `config: unknown key "openflow.prot" (did you mean "port"?)`.
import type { ErrorObject } from 'ajv';

/** "/openflow/keepalive" -> "openflow.keepalive"; the root is "". */
export function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment), case-insensitive: "prot" is one edit from "port". Small inputs only. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The closest known key, if it is close enough to be a plausible typo. */
export function suggestKey(unknown: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(unknown, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(unknown.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function knownKeys(parentSchema: unknown): string[] {
  if (parentSchema && typeof parentSchema === 'object' && 'properties' in parentSchema) {
    const props = (parentSchema as { properties?: Record<string, unknown> }).properties;
    return props ? Object.keys(props) : [];
  }
  return [];
}

export function formatAjvError(e: ErrorObject): string {
  const path = dottedPath(e.instancePath);
  const where = path ? `"${path}"` : 'the top level';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const hint = suggestKey(key, knownKeys(e.parentSchema));
      return `config: unknown key "${join(path, key)}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return `config: missing key "${join(path, key)}"`;
    }
    case 'dependencies': {
      // A key that means nothing without another (redis.sentinels without sentinelName).
      const { property, missingProperty } = e.params as { property: string; missingProperty: string };
      return `config: "${join(path, property)}" is set, so "${join(path, missingProperty)}" is required too`;
    }
    case 'type':
      return `config: ${where} must be ${String((e.params as { type: string }).type)}`;
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      return `config: ${where} must be one of ${allowed}`;
    }
    default:
      return `config: ${where} ${e.message ?? 'is invalid'}`;
  }
}

/** One message per problem, without the noise ajv adds for anyOf branches. */
export function formatAjvErrors(errors: ErrorObject[]): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    const line = formatAjvError(e);
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}
