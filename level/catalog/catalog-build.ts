// Validates a whole catalog and compiles it for the packet-in path. Config at start and
// every REST change go through here, so a catalog in force is always a valid one. Every
// message names the object at fault so an operator can find it in a large config.

import { isValidLabel, isValidTunnelId, MAX_TUNNEL_ID } from '../path';
import { formatPrefix, parseIpv4Address, parsePrefix, prefixesOverlap } from '../../controller';
import { ServiceIndex } from './catalog-index';
import { compilePolicies } from '../policies/compile';
import type { PolicyNode } from '../policies/policy-node';
import { describePorts, portsIntersect, protocolNumber, type Service } from './service';
import type { CatalogSpec, ServiceSpec, TargetSpec } from '../types';

export interface CompiledCatalog {
  spec: CatalogSpec;
  targets: ReadonlyMap<string, TargetSpec>;
  services: readonly Service[];
  servicesById: ReadonlyMap<string, Service>;
  policies: ReadonlyMap<string, PolicyNode>;
  index: ServiceIndex;
}

export type BuildResult = { ok: true; catalog: CompiledCatalog } | { ok: false; errors: string[] };

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const ADMIN_STATES = new Set(['enabled', 'draining', 'disabled']);
const KINDS = new Set(['server', 'site', 'as']);

function checkTarget(t: TargetSpec, errors: string[]): void {
  const where = `target "${t.id}"`;
  if (!KINDS.has(t.kind)) errors.push(`${where}: unknown kind ${JSON.stringify(t.kind)}`);
  if (!ADMIN_STATES.has(t.adminState)) errors.push(`${where}: unknown adminState ${JSON.stringify(t.adminState)}`);
  if (!Number.isFinite(t.weight) || t.weight < 0) errors.push(`${where}: weight must be a finite number >= 0`);
  if (!Number.isFinite(t.cost) || t.cost < 0) errors.push(`${where}: cost must be a finite number >= 0`);
  const a = t.attachment;
  if (a === undefined) return;
  if (a.ip !== undefined && parseIpv4Address(a.ip) === undefined) errors.push(`${where}: invalid attachment ip ${JSON.stringify(a.ip)}`);
  if (a.mac !== undefined && !MAC.test(a.mac)) errors.push(`${where}: invalid attachment mac ${JSON.stringify(a.mac)} (want lowercase aa:bb:cc:dd:ee:ff)`);
  // A server is delivered to by MAC: without one it could never be reached.
  if (t.kind === 'server' && (a.ip === undefined || a.mac === undefined)) errors.push(`${where}: a server's attachment needs ip and mac`);
  const badPort = (p: number): boolean => !Number.isInteger(p) || p < 1 || p > 0xffffff00;
  if (a.port !== undefined && badPort(a.port)) errors.push(`${where}: invalid attachment port ${a.port}`);
  for (const [dpid, p] of Object.entries(a.ports ?? {})) if (badPort(p)) errors.push(`${where}: invalid attachment port ${p} for ${dpid}`);
  if (a.label !== undefined && !isValidLabel(a.label)) errors.push(`${where}: invalid MPLS label ${a.label} (16..1048575)`);
  if (a.delivery !== undefined && a.delivery !== 'mpls' && a.delivery !== 'ip-tunnel') errors.push(`${where}: unknown delivery ${JSON.stringify(a.delivery)}`);
  if (a.delivery === 'ip-tunnel' && t.kind === 'server') errors.push(`${where}: a server is delivered to by MAC, not through an IP tunnel`);
  if (a.tunnelId !== undefined && !isValidTunnelId(a.tunnelId)) errors.push(`${where}: invalid tunnelId ${a.tunnelId} (0..${MAX_TUNNEL_ID})`);
}

function checkServiceShape(s: ServiceSpec, targets: ReadonlyMap<string, TargetSpec>, errors: string[]): void {
  const where = `service "${s.id}"`;
  if (s.protocol !== 'tcp' && s.protocol !== 'udp') errors.push(`${where}: protocol must be tcp or udp`);
  for (const p of s.ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) errors.push(`${where}: invalid port ${p}`);
  }
  if (s.targets.length === 0) errors.push(`${where} has no targets`);
  const seen = new Set<string>();
  for (const t of s.targets) {
    if (!targets.has(t)) errors.push(`${where} names unknown target "${t}"`);
    if (seen.has(t)) errors.push(`${where} lists target "${t}" twice`);
    seen.add(t);
  }
}

export function buildCatalog(spec: CatalogSpec): BuildResult {
  const errors: string[] = [];
  const targets = new Map<string, TargetSpec>();
  for (const t of spec.targets) {
    if (typeof t.id !== 'string' || t.id === '') errors.push('a target has an empty id');
    else if (targets.has(t.id)) errors.push(`target "${t.id}" is defined twice`);
    targets.set(t.id, t);
    checkTarget(t, errors);
  }

  const { nodes: policies, errors: policyErrors } = compilePolicies(spec.policies, new Set(targets.keys()));
  errors.push(...policyErrors);

  const services: Service[] = [];
  const servicesById = new Map<string, Service>();
  for (const s of spec.services) {
    if (typeof s.id !== 'string' || s.id === '') errors.push('a service has an empty id');
    else if (servicesById.has(s.id)) errors.push(`service "${s.id}" is defined twice`);
    checkServiceShape(s, targets, errors);
    const prefix = parsePrefix(s.prefix);
    if (typeof prefix === 'string') {
      errors.push(`service "${s.id}": ${prefix}`);
      continue;
    }
    const policy = policies.get(s.policy);
    if (policy === undefined) {
      if (!Object.prototype.hasOwnProperty.call(spec.policies, s.policy)) {
        errors.push(`service "${s.id}" uses unknown policy "${s.policy}"`);
      }
      continue;
    }
    // Same VIP, different protocol or ports is normal (tcp/80 and udp/53 on one address);
    // only services that could both claim the same packet conflict.
    for (const other of services) {
      if (prefixesOverlap(prefix, other.prefix) && portsIntersect(s, other.spec)) {
        errors.push(
          `service "${s.id}" (${formatPrefix(prefix)} ${s.protocol} ${describePorts(s.ports)}) overlaps ` +
            `service "${other.id}" (${other.subnet} ${other.spec.protocol} ${describePorts(other.spec.ports)})`,
        );
      }
    }
    const service: Service = {
      id: s.id,
      spec: s,
      prefix,
      subnet: formatPrefix(prefix),
      protocolNumber: protocolNumber(s.protocol),
      anyPort: s.ports.length === 0,
      ports: new Set(s.ports),
      targetIds: [...new Set(s.targets)].sort(),
      policy,
    };
    services.push(service);
    servicesById.set(s.id, service);
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, catalog: { spec, targets, services, servicesById, policies, index: new ServiceIndex(services) } };
}
