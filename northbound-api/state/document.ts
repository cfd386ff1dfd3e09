// The operator-configured state as the API keeps it: every target, service and policy
// with its own version (its ETag), plus a generation for the whole document that the
// store uses to refuse a write based on a stale copy. Maps, not plain objects, so an id
// such as "constructor" is just an id.
import type { ApiPolicy, PolicySettings, RoutingState, ServiceSpec, TargetSpec } from '../services';
import type { PolicySpec } from '../services';

export interface Versioned<T> {
  value: T;
  version: number;
}

export interface StateDocument {
  generation: number;
  targets: Map<string, Versioned<TargetSpec>>;
  services: Map<string, Versioned<ServiceSpec>>;
  policies: Map<string, Versioned<ApiPolicy>>;
}

/** What is written to the store (JSON). */
interface SerializedDocument {
  format: 1;
  generation: number;
  targets: Array<Versioned<TargetSpec>>;
  services: Array<Versioned<ServiceSpec>>;
  policies: Array<{ name: string; version: number; value: ApiPolicy }>;
}

export function cloneDocument(doc: StateDocument): StateDocument {
  // Values are replaced wholesale by writers, never mutated in place: a shallow copy of
  // each map is enough for a candidate to diverge from the document in force.
  return { generation: doc.generation, targets: new Map(doc.targets), services: new Map(doc.services), policies: new Map(doc.policies) };
}

export function splitPolicy(p: ApiPolicy): { spec: PolicySpec; settings: PolicySettings } {
  const { aggregation, tableUpdateIntervalMs, ...spec } = p;
  const settings: PolicySettings = {};
  if (aggregation !== undefined) settings.aggregation = aggregation;
  if (tableUpdateIntervalMs !== undefined) settings.tableUpdateIntervalMs = tableUpdateIntervalMs;
  return { spec: spec as PolicySpec, settings };
}

export function toRoutingState(doc: StateDocument): RoutingState {
  const policies: Record<string, PolicySpec> = Object.create(null) as Record<string, PolicySpec>;
  const settings: Record<string, PolicySettings> = Object.create(null) as Record<string, PolicySettings>;
  for (const [name, p] of doc.policies) {
    const split = splitPolicy(p.value);
    policies[name] = split.spec;
    settings[name] = split.settings;
  }
  return {
    catalog: {
      targets: [...doc.targets.values()].map((t) => t.value),
      services: [...doc.services.values()].map((s) => s.value),
      policies,
    },
    settings,
  };
}

/** A first document from the state in force (the config file's catalog). */
export function seedDocument(state: RoutingState): StateDocument {
  const doc: StateDocument = { generation: 1, targets: new Map(), services: new Map(), policies: new Map() };
  for (const t of state.catalog.targets) doc.targets.set(t.id, { value: t, version: 1 });
  for (const s of state.catalog.services) doc.services.set(s.id, { value: s, version: 1 });
  for (const [name, spec] of Object.entries(state.catalog.policies)) {
    doc.policies.set(name, { value: { ...spec, ...(state.settings[name] ?? {}) }, version: 1 });
  }
  return doc;
}

export function serializeDocument(doc: StateDocument): string {
  const out: SerializedDocument = {
    format: 1,
    generation: doc.generation,
    targets: [...doc.targets.values()],
    services: [...doc.services.values()],
    policies: [...doc.policies.entries()].map(([name, p]) => ({ name, version: p.version, value: p.value })),
  };
  return JSON.stringify(out);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function versionOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/** Parses a stored document; throws on a shape it does not know (never guesses). */
export function parseDocument(text: string): StateDocument {
  const raw: unknown = JSON.parse(text);
  if (!isRecord(raw) || raw.format !== 1 || !Array.isArray(raw.targets) || !Array.isArray(raw.services) || !Array.isArray(raw.policies)) {
    throw new Error('stored API state has an unknown format');
  }
  const doc: StateDocument = { generation: versionOf(raw.generation), targets: new Map(), services: new Map(), policies: new Map() };
  for (const t of raw.targets as Array<Versioned<TargetSpec>>) doc.targets.set(t.value.id, { value: t.value, version: versionOf(t.version) });
  for (const s of raw.services as Array<Versioned<ServiceSpec>>) doc.services.set(s.value.id, { value: s.value, version: versionOf(s.version) });
  for (const p of raw.policies as Array<{ name: string; version: number; value: ApiPolicy }>) {
    doc.policies.set(p.name, { value: p.value, version: versionOf(p.version) });
  }
  return doc;
}

/** JSON with sorted keys: equal values give equal text whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function syncMap<T>(from: Map<string, Versioned<T>>, values: Iterable<[string, T]>, version: number): { map: Map<string, Versioned<T>>; changed: boolean } {
  const map = new Map<string, Versioned<T>>();
  let changed = false;
  for (const [id, value] of values) {
    const old = from.get(id);
    if (old !== undefined && canonical(old.value) === canonical(value)) map.set(id, old);
    else {
      map.set(id, { value, version });
      changed = true;
    }
  }
  return { map, changed: changed || map.size !== from.size };
}

/**
 * The document brought up to date with state changed outside the API: objects that
 * are unchanged keep their versions, changed or new ones get `generation + 1`.
 * Returns the same document when nothing differs.
 */
export function syncDocument(doc: StateDocument, state: RoutingState): StateDocument {
  const version = doc.generation + 1;
  const targets = syncMap(doc.targets, state.catalog.targets.map((t): [string, TargetSpec] => [t.id, t]), version);
  const services = syncMap(doc.services, state.catalog.services.map((s): [string, ServiceSpec] => [s.id, s]), version);
  const policies = syncMap(
    doc.policies,
    Object.entries(state.catalog.policies).map(([name, spec]): [string, ApiPolicy] => [name, { ...spec, ...(state.settings[name] ?? {}) }]),
    version,
  );
  if (!targets.changed && !services.changed && !policies.changed) return doc;
  return { generation: version, targets: targets.map, services: services.map, policies: policies.map };
}

function mergeMap<T>(base: Map<string, Versioned<T>>, ours: Map<string, Versioned<T>>, theirs: Map<string, Versioned<T>>): Map<string, Versioned<T>> {
  const out = new Map<string, Versioned<T>>();
  for (const id of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(id);
    const o = ours.get(id);
    const weChanged = canonical(b?.value) !== canonical(o?.value);
    const pick = weChanged ? o : theirs.get(id);
    if (pick !== undefined) out.set(id, pick);
  }
  return out;
}

/**
 * Three-way merge for a change that raced with a change made outside the API: per
 * object, what the API edit changed wins, everything else is taken from `theirs`.
 */
export function mergeDocuments(base: StateDocument, ours: StateDocument, theirs: StateDocument): StateDocument {
  return {
    generation: Math.max(ours.generation, theirs.generation),
    targets: mergeMap(base.targets, ours.targets, theirs.targets),
    services: mergeMap(base.services, ours.services, theirs.services),
    policies: mergeMap(base.policies, ours.policies, theirs.policies),
  };
}
