// The configuration reference (docs/configuration.md), generated from the JSON schemas
// the config loaders validate against: the controller's composed schema (every app
// module's sections) and the server agent's. The schemas are the single source: each
// key's description, type, default and example live next to its validation rules, and
// `npm run docs` writes the page. test/unit/cli/config-reference.test.ts fails when a
// key has no description or the page on disk differs from what this renders.
import { writeFileSync } from 'node:fs';
import { agentConfigSchema } from '../agent/config-schema';
import { configSectionsOf } from '../controller/app-module';
import { buildConfigSchema, type JsonSchema } from '../controller/config/schema';
import { APP_MODULES } from './controller';

/** One documented key. */
export interface KeyDoc {
  /** Dotted path; `[]` marks array items and `<name>` map entries. */
  path: string;
  schema: JsonSchema;
  /** A branch of a oneOf this key belongs to, e.g. "type = weighted-sum". */
  variant?: string;
  /** Set when the schema was documented at another path already (shared sub-schema). */
  sameAs?: string;
}

const isObj = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a schema has keys of its own below it (so it is worth walking and deduplicating). */
function hasChildren(s: JsonSchema): boolean {
  const items = s.items;
  return isObj(s.properties) || (isObj(items) && hasChildren(items)) || (isObj(s.additionalProperties) && hasChildren(s.additionalProperties)) || Array.isArray(s.oneOf);
}

/** The label of a oneOf branch: its discriminating `type` value, or its position. */
function variantName(branch: JsonSchema, i: number): string {
  const props = isObj(branch.properties) ? branch.properties : {};
  const t = props.type;
  if (isObj(t) && t.const !== undefined) return `type = ${String(t.const)}`;
  if (isObj(t) && Array.isArray(t.enum)) return `type = ${t.enum.join(' | ')}`;
  return `variant ${i + 1}`;
}

/**
 * Every key below `root`, depth first in schema order. A sub-schema object met a second
 * time (the same object, e.g. a level's `targets` under serviceRouting and levels[]) is
 * listed once with `sameAs` instead of again in full; pass one `seen` map to several
 * calls to share that across them.
 */
export function collectKeys(root: JsonSchema, prefix = '', seen = new Map<JsonSchema, string>()): KeyDoc[] {
  const out: KeyDoc[] = [];
  const walk = (schema: JsonSchema, path: string, variant: string | undefined, parentKeys: Set<string>): void => {
    if (isObj(schema.properties)) {
      for (const [key, child] of Object.entries(schema.properties)) {
        if (!isObj(child)) continue;
        // A oneOf branch that only restates which of the parent's keys is required
        // (`{ properties: { token: {} }, required: ['token'] }`) adds no key.
        if (parentKeys.has(key) && Object.keys(child).length === 0) continue;
        visit(child, path === '' ? key : `${path}.${key}`, variant);
      }
    }
    if (isObj(schema.items)) walk(schema.items, `${path}[]`, variant, new Set());
    if (isObj(schema.additionalProperties) && hasChildren(schema.additionalProperties)) {
      visit(schema.additionalProperties, `${path}.<name>`, variant, true);
    }
    if (Array.isArray(schema.oneOf)) {
      const own = new Set(Object.keys(isObj(schema.properties) ? schema.properties : {}));
      schema.oneOf.forEach((b, i) => {
        if (isObj(b)) walk(b, path, own.size > 0 ? variant : variantName(b, i), own);
      });
    }
  };
  const visit = (schema: JsonSchema, path: string, variant: string | undefined, mapEntry = false): void => {
    const earlier = hasChildren(schema) ? seen.get(schema) : undefined;
    if (earlier !== undefined) {
      out.push({ path, schema, variant, sameAs: earlier });
      return;
    }
    if (hasChildren(schema)) seen.set(schema, path);
    // A map's entry schema is described by the map key itself when it carries no words.
    if (!mapEntry || typeof schema.description === 'string') out.push({ path, schema, variant });
    walk(schema, path, variant, new Set());
  };
  walk(root, prefix, undefined, new Set());
  return out;
}

/** Keys whose schema has no description (or an empty one). */
export function undescribedKeys(root: JsonSchema): string[] {
  return collectKeys(root)
    .filter((k) => k.sameAs === undefined && (typeof k.schema.description !== 'string' || k.schema.description.trim() === ''))
    .map((k) => (k.variant ? `${k.path} (${k.variant})` : k.path));
}

function range(s: JsonSchema): string {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? `>${String(s.exclusiveMinimum)}` : undefined);
  const hi = s.maximum;
  if (lo === undefined && hi === undefined) return '';
  if (hi === undefined) return typeof lo === 'string' ? ` ${lo}` : ` >= ${String(lo)}`;
  return ` ${lo === undefined ? '' : String(lo)}..${String(hi)}`;
}

/** A short human form of the schema's type. */
export function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (Array.isArray(s.anyOf)) return s.anyOf.filter(isObj).map(typeOf).join(' or ');
  if (Array.isArray(s.oneOf) && s.type === undefined) return 'one of the variants below';
  switch (s.type) {
    case 'integer':
    case 'number':
      return `${s.type}${range(s)}`;
    case 'string':
      if (typeof s.pattern === 'string' && /^\^rediss\?/.test(s.pattern)) return 'string (redis:// or rediss:// URL)';
      return 'string';
    case 'array': {
      const items = isObj(s.items) ? s.items : {};
      const inner = isObj(items.properties) || Array.isArray(items.oneOf) ? 'object' : typeOf(items);
      return `array of ${inner}`;
    }
    case 'object':
      return isObj(s.properties) ? 'object' : 'map';
    default:
      return typeof s.type === 'string' ? s.type : 'any';
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (v: unknown): string => `\`${JSON.stringify(v)}\``;

function table(keys: KeyDoc[]): string {
  const rows = ['| key | type | default | description |', '|---|---|---|---|'];
  for (const k of keys) {
    const s = k.schema;
    let words = typeof s.description === 'string' ? s.description : '';
    if (k.sameAs !== undefined) words = `Same keys as \`${k.sameAs}\`.${words === '' ? '' : ` ${words}`}`;
    if (k.variant !== undefined) words = `(when ${k.variant}) ${words}`;
    if (Array.isArray(s.examples) && s.examples.length > 0) words += ` Example: ${s.examples.map(code).join(', ')}.`;
    const dflt = s.default === undefined ? '' : code(s.default);
    rows.push(`| \`${k.path}\` | ${cell(typeOf(s))} | ${cell(dflt)} | ${cell(words)} |`);
  }
  return rows.join('\n');
}

/** The controller's full schema, as `slr controller` composes it. */
export function controllerSchema(): JsonSchema {
  return buildConfigSchema(configSectionsOf(APP_MODULES));
}

/** The agent's schema, as `slr agent` validates it. */
export function agentSchema(): JsonSchema {
  return agentConfigSchema as unknown as JsonSchema;
}

/** The whole page. Deterministic: the same schemas give the same bytes. */
export function renderConfigReference(): string {
  const controller = controllerSchema();
  const sections = Object.entries(controller.properties as Record<string, JsonSchema>);
  const seen = new Map<JsonSchema, string>();
  const parts: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs` from the JSON schemas in the code (cli/config-reference.ts). Do not edit by hand:',
    '     change the schema\'s description and run `npm run docs`; a unit test fails when this page is stale. -->',
    '',
    'Both config files are JSON. Every object rejects keys it does not know, so a typo is an error at start-up',
    '(and from `slr controller --check`), never a silent default. A default applies when the key is absent.',
    'Paths are dotted; `[]` stands for any item of an array and `<name>` for any key of a map.',
    'Durations are in the unit their name ends with (`Ms`: milliseconds, `Sec`/`Seconds`: seconds).',
    '',
    '## Controller (`slr controller --config FILE`)',
    '',
    'Start from `config/example.json` (L2 only) or `config/site-example.json` (a site SLR with API and metrics).',
    'The `serviceRouting` section is one SLR level; `levels` holds more of them (see docs/architecture.md).',
    'SIGHUP re-reads the file: services, targets, policies, `api.tokens` and the TLS files change without a',
    'restart; any other change is refused (see "Reloading the configuration" in docs/deploying-on-ovs.md).',
    '',
  ];
  for (const [name, schema] of sections) {
    parts.push(`### \`${name}\``, '');
    if (typeof schema.description === 'string') parts.push(schema.description, '');
    parts.push(table(collectKeys(schema, name, seen)), '');
  }
  parts.push(
    '## Server agent (`slr agent --config FILE`)',
    '',
    'One agent runs on each server: it registers with its site SLR over mutual TLS and reports load.',
    '',
    table(collectKeys(agentSchema())),
    '',
  );
  return parts.join('\n');
}

/** `node dist/cli/config-reference.js [FILE]`: writes the page (default docs/configuration.md). */
if (require.main === module) {
  const file = process.argv[2] ?? 'docs/configuration.md';
  writeFileSync(file, renderConfigReference());
  process.stdout.write(`wrote ${file}\n`);
}
