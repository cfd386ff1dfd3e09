// Config reload (SIGHUP): what changed between the config in force and the file as it is
// now, whether that can be applied to the running process, and the catalogs each level
// would have afterwards. Pure: the controller command reads the file, calls planReload,
// and applies the plan only when nothing was refused.
//
// What a reload can change without dropping a switch connection or a pinned connection:
//   - the services, targets and policies of every level (serviceRouting, levels[i]);
//   - the API's bearer tokens (token files are read again);
//   - TLS certificates: the files of openflow.tls, api.tls and every registration service
//     (agents.tls, levels[i].registration.tls) are read again on every reload, so a
//     certificate renewed in place is picked up; new connections use it, open ones keep
//     theirs.
// Anything else (listen addresses, ingress switches, tunnels, Redis, timers, log level,
// the level above) needs a restart: the reload is refused as a whole, with the keys named.
import { buildCatalog } from '../level/catalog/catalog-build';
import type { CatalogSpec, PolicySpec, ServiceSpec, TargetSpec } from '../level/types';

/** Keys a reload may change; everything else refuses it. Paths as configPaths() writes them. */
const RELOADABLE: readonly RegExp[] = [
  /^serviceRouting\.(services|targets|policies)$/,
  /^levels\[\d+\]\.(services|targets|policies)$/,
  /^api\.tokens$/,
  /^(openflow|api|agents)\.tls(\.[A-Za-z]+)?$/,
  /^levels\[\d+\]\.registration\.tls(\.[A-Za-z]+)?$/,
];

/** Subtrees compared as a whole (their own merge logic, or any change counts once). */
const WHOLE: readonly RegExp[] = [...RELOADABLE.slice(0, 3)];

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The paths where two configs differ, as deep as it is useful to name them. */
export function configPaths(before: unknown, after: unknown, path = ''): string[] {
  if (same(before, after)) return [];
  if (path !== '' && WHOLE.some((r) => r.test(path))) return [path];
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => configPaths(before[k], after[k], path === '' ? k : `${path}.${k}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.every(isObj)) {
    return before.flatMap((b, i) => configPaths(b, after[i], `${path}[${i}]`));
  }
  return [path];
}

export function isReloadable(path: string): boolean {
  return RELOADABLE.some((r) => r.test(path));
}

const byId = <T extends { id: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((x) => [x.id, x]));

/**
 * The catalog a level gets from a reload: the live catalog (which also holds what
 * registrations and the API changed since start) with the differences between the old
 * and the new config file applied to it. An item the file did not change keeps its live
 * state (a target the API set draining stays draining); one the file changed takes the
 * file's version; one the file dropped goes. A service keeps the targets that joined it
 * by registering.
 */
export function mergeCatalog(live: CatalogSpec, oldFile: CatalogSpec, newFile: CatalogSpec): CatalogSpec {
  const oldServices = byId(oldFile.services);
  const newServices = byId(newFile.services);
  const oldTargets = byId(oldFile.targets);
  const newTargets = byId(newFile.targets);

  let targets: TargetSpec[] = live.targets.filter((t) => !(oldTargets.has(t.id) && !newTargets.has(t.id)));
  for (const [id, t] of newTargets) {
    const before = oldTargets.get(id);
    if (before !== undefined && same(before, t)) continue;
    const current = targets.find((x) => x.id === id);
    // Keys the file dropped go back to their absence; keys it sets win over the live ones.
    const merged: TargetSpec = { ...(current ?? {}), ...t } as TargetSpec;
    for (const k of Object.keys(before ?? {})) if (!(k in t)) delete (merged as unknown as Record<string, unknown>)[k];
    targets = current === undefined ? [...targets, merged] : targets.map((x) => (x.id === id ? merged : x));
  }
  const dropped = new Set([...oldTargets.keys()].filter((id) => !newTargets.has(id)));

  let services: ServiceSpec[] = live.services.filter((s) => !(oldServices.has(s.id) && !newServices.has(s.id)));
  for (const [id, s] of newServices) {
    const before = oldServices.get(id);
    if (before !== undefined && same(before, s)) continue;
    const current = services.find((x) => x.id === id);
    const joined = current === undefined ? [] : current.targets.filter((t) => !(before?.targets ?? []).includes(t) && !s.targets.includes(t));
    const merged: ServiceSpec = { ...s, targets: [...s.targets, ...joined] };
    services = current === undefined ? [...services, merged] : services.map((x) => (x.id === id ? merged : x));
  }
  // Targets the file removed leave the services that listed them.
  services = services.map((s) => (s.targets.some((t) => dropped.has(t)) ? { ...s, targets: s.targets.filter((t) => !dropped.has(t)) } : s));

  const policies: Record<string, PolicySpec> = { ...live.policies };
  for (const name of Object.keys(oldFile.policies)) if (!(name in newFile.policies)) delete policies[name];
  for (const [name, p] of Object.entries(newFile.policies)) {
    if (!same(oldFile.policies[name], p)) policies[name] = p;
  }
  return { targets, services, policies };
}

/** One level as the plan sees it. */
export interface LevelState {
  id: string;
  /** Where the config holds it: "serviceRouting" or "levels[i]". */
  where: string;
  live: CatalogSpec;
  oldFile: CatalogSpec;
  newFile: CatalogSpec;
}

/** The TLS sections whose presence a reload may not toggle (plain <-> TLS needs a new listener). */
const TLS_SECTIONS = ['openflow', 'api'] as const;

export type ReloadPlan =
  | { ok: true; changed: string[]; catalogs: Map<string, CatalogSpec> }
  | { ok: false; reason: string };

const catalogOf = (level: CatalogSpec): CatalogSpec => ({ targets: level.targets, services: level.services, policies: level.policies });
export { catalogOf };

/**
 * Decides a reload between the config in force and the new one (both validated);
 * `levels` pairs each running level with its section in the old and the new file.
 * Refused when a changed key is not reloadable, TLS would be switched on or off, or a
 * merged catalog is invalid; the reason names the keys or the catalog's errors.
 */
export function planReload(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, levels: readonly LevelState[]): ReloadPlan {
  const changed = configPaths(before, after);
  const fixed = changed.filter((p) => !isReloadable(p));
  for (const s of TLS_SECTIONS) {
    const had = isObj(before[s]) && before[s].tls !== undefined;
    const has = isObj(after[s]) && after[s].tls !== undefined;
    if (had !== has) fixed.push(`${s}.tls (${has ? 'added' : 'removed'})`);
  }
  if (fixed.length > 0) return { ok: false, reason: `${fixed.join(', ')} cannot change without a restart` };
  const catalogs = new Map<string, CatalogSpec>();
  for (const l of levels) {
    if (!changed.some((p) => p.startsWith(`${l.where}.`) && /\.(services|targets|policies)$/.test(p))) continue;
    const merged = mergeCatalog(l.live, l.oldFile, l.newFile);
    const built = buildCatalog(merged);
    if (!built.ok) return { ok: false, reason: `${l.where}: ${built.errors.join('; ')}` };
    catalogs.set(l.id, merged);
  }
  return { ok: true, changed, catalogs };
}
