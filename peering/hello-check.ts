// Validates a Hello against the SLR's configuration (after the certificate checks):
// known server id, well-formed and allowed subnets, and the data-plane ip/mac the
// SLR expects. Produces the RegisteredAgent the rest of the controller sees.
import { isIP } from 'node:net';
import { RegisteredAgent } from './agent-events';
import { canonicalCidr, parseIp } from './cidr';
import { refusal, Refusal } from './refusals';
import { mayServe, ServerDirectory } from './server-directory';
import { HelloRequestMsg } from './wire-types';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function sameIp(a: string, b: string): boolean {
  const pa = parseIp(a);
  const pb = parseIp(b);
  return !!pa && !!pb && pa.family === pb.family && pa.value === pb.value;
}

export function checkHello(hello: HelloRequestMsg, directory: ServerDirectory): RegisteredAgent | Refusal {
  const allowed = directory.lookup(hello.serverId);
  if (!allowed) return refusal('unknown-server', `server id '${hello.serverId}' is not configured at this SLR`);
  const mac = hello.mac.toLowerCase();
  if (!isIP(hello.ip)) return refusal('malformed', `ip '${hello.ip}' is not an IP address`);
  if (!MAC_RE.test(mac)) return refusal('malformed', `mac '${hello.mac}' is not a MAC address`);
  if (allowed.ip !== undefined && !sameIp(allowed.ip, hello.ip)) {
    return refusal('address-mismatch', `ip ${hello.ip} differs from the configured ${allowed.ip}`);
  }
  if (allowed.mac !== undefined && allowed.mac.toLowerCase() !== mac) {
    return refusal('address-mismatch', `mac ${mac} differs from the configured ${allowed.mac.toLowerCase()}`);
  }
  if (hello.subnets.length === 0) return refusal('malformed', 'Hello announces no subnets');
  const subnets: string[] = [];
  const ports: Record<string, number[]> = {};
  for (const s of hello.subnets) {
    const c = canonicalCidr(s.subnet);
    if (!c) return refusal('malformed', `'${s.subnet}' is not a CIDR subnet`);
    if (!mayServe(allowed, c)) {
      return refusal('unconfigured-subnet', `server '${hello.serverId}' is not configured to serve ${c}`);
    }
    const bad = s.ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad !== undefined) return refusal('malformed', `subnet ${c}: port ${bad} out of range`);
    if (!subnets.includes(c)) subnets.push(c);
    ports[c] = [...new Set([...(ports[c] ?? []), ...s.ports])];
  }
  return { serverId: hello.serverId, ip: hello.ip, mac, subnets, ports };
}
