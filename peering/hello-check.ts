// Validates a Hello against the level's configuration (after the certificate checks):
// a known id of the right kind, well-formed and allowed subnets, and the data-plane
// ip/mac (servers) or MPLS label (SLRs) the level expects. Produces the RegisteredPeer
// the rest of the controller sees.
import { canonicalCidr, isIpString, parseIp } from '../controller/net';
import { mayServe, type PeerDirectory, type TargetKindName } from './directory';
import { refusal, type Refusal } from './refusals';
import type { RegisteredPeer } from './registration-sink';
import type { HelloRequestMsg } from './wire-types';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const KINDS: ReadonlySet<string> = new Set<TargetKindName>(['server', 'site', 'as']);
/** MPLS labels are 20 bits and 0-15 are reserved (RFC 3032). */
const MIN_LABEL = 16;
const MAX_LABEL = 0xfffff;

function sameIp(a: string, b: string): boolean {
  const pa = parseIp(a);
  const pb = parseIp(b);
  return !!pa && !!pb && pa.family === pb.family && pa.value === pb.value;
}

export function checkHello(hello: HelloRequestMsg, directory: PeerDirectory): RegisteredPeer | Refusal {
  // An empty kind is what an older agent sends: it can only be a server.
  const kind = hello.kind === '' ? 'server' : hello.kind;
  if (!KINDS.has(kind)) return refusal('malformed', `kind '${hello.kind}' is not server, site or as`);
  const allowed = directory.lookup(hello.id);
  if (!allowed) return refusal('unknown-peer', `${kind} id '${hello.id}' is not configured at this SLR`);
  if (allowed.kind !== kind) return refusal('kind-mismatch', `'${hello.id}' is configured as a ${allowed.kind}, not a ${kind}`);
  const peer: RegisteredPeer = { id: hello.id, kind: allowed.kind, subnets: [], ports: {} };
  const a = hello.attachment ?? { ip: '', mac: '', mplsLabel: 0 };
  if (kind === 'server') {
    const mac = a.mac.toLowerCase();
    if (!isIpString(a.ip)) return refusal('malformed', `ip '${a.ip}' is not an IP address`);
    if (!MAC_RE.test(mac)) return refusal('malformed', `mac '${a.mac}' is not a MAC address`);
    if (allowed.ip !== undefined && !sameIp(allowed.ip, a.ip)) {
      return refusal('address-mismatch', `ip ${a.ip} differs from the configured ${allowed.ip}`);
    }
    if (allowed.mac !== undefined && allowed.mac.toLowerCase() !== mac) {
      return refusal('address-mismatch', `mac ${mac} differs from the configured ${allowed.mac.toLowerCase()}`);
    }
    peer.ip = a.ip;
    peer.mac = mac;
  } else {
    const label = a.mplsLabel;
    if (label !== 0 && (label < MIN_LABEL || label > MAX_LABEL)) return refusal('malformed', `MPLS label ${label} is outside ${MIN_LABEL}..${MAX_LABEL}`);
    if (label === 0 && allowed.label === undefined) return refusal('malformed', `${kind} '${hello.id}' gives no MPLS label and none is configured for it`);
    if (label !== 0 && allowed.label !== undefined && label !== allowed.label) {
      return refusal('address-mismatch', `MPLS label ${label} differs from the configured ${allowed.label}`);
    }
    peer.label = label === 0 ? allowed.label : label;
  }
  if (hello.subnets.length === 0) return refusal('malformed', 'Hello announces no subnets');
  for (const s of hello.subnets) {
    const c = canonicalCidr(s.subnet);
    if (!c) return refusal('malformed', `'${s.subnet}' is not a CIDR subnet`);
    if (!mayServe(allowed, c)) {
      return refusal('unconfigured-subnet', `${kind} '${hello.id}' is not configured to serve ${c}`);
    }
    const bad = s.ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad !== undefined) return refusal('malformed', `subnet ${c}: port ${bad} out of range`);
    if (!peer.subnets.includes(c)) peer.subnets.push(c);
    peer.ports[c] = [...new Set([...(peer.ports[c] ?? []), ...s.ports])];
  }
  return peer;
}
