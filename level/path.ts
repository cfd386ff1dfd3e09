// How a connection reaches the target it was pinned to, from one ingress switch: a
// path. The decision picks a target; the path is how the switch gets the packet
// there. A pin records the path it used, so re-installing a pin (after a switch lost
// its flows, on a spare, or after the shortcut re-pinned it) sends the connection
// exactly where it went before, whatever the catalog says now.
//
//   local   the target hangs off this switch: rewrite the destination MAC, out of a port
//           (the last hop of a site; DESIGN section 3)
//   mpls    push a label stack (outermost first) and send it out of a port toward the
//           next level; core switches forward on the top label only
//   ip-tunnel  send it out of an Open vSwitch tunnel port (VXLAN, GRE): the switch wraps
//           the packet in UDP/IP (or GRE/IP) toward the port's remote_ip; with a port made
//           with key=flow, tunnelId is written as tunnel_id (the VNI / GRE key). The far
//           end unwraps it and the packet arrives as a plain first packet at that site

export type Path =
  | { readonly kind: 'local'; readonly port: number; readonly mac: string }
  | { readonly kind: 'mpls'; readonly labels: readonly number[]; readonly port: number }
  | { readonly kind: 'ip-tunnel'; readonly port: number; readonly tunnelId?: number };

/** MPLS labels are 20 bits; 0-15 are reserved (RFC 3032 section 2.1). */
export const MIN_LABEL = 16;
export const MAX_LABEL = 0xfffff;
/** Open vSwitch keeps at most three label stack entries in its flow key. */
export const MAX_LABEL_STACK = 3;

export function isValidLabel(label: number): boolean {
  return Number.isInteger(label) && label >= MIN_LABEL && label <= MAX_LABEL;
}

/** A VXLAN network identifier is 24 bits (RFC 7348 section 5); GRE keys are wider, VXLAN bounds both. */
export const MAX_TUNNEL_ID = 0xffffff;

export function isValidTunnelId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_TUNNEL_ID;
}

/** Canonical text of a path: the pin mirror stores it, and equal paths have equal keys. */
export function pathKey(p: Path): string {
  switch (p.kind) {
    case 'local':
      return `local:${p.port}:${p.mac}`;
    case 'mpls':
      return `mpls:${p.port}:${p.labels.join('/')}`;
    case 'ip-tunnel':
      return p.tunnelId === undefined ? `ip-tunnel:${p.port}` : `ip-tunnel:${p.port}:${p.tunnelId}`;
  }
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function port(text: string): number | undefined {
  if (!/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 0xffffff00 ? n : undefined;
}

/** The path a key names, or undefined when the text is not one (a corrupt mirror entry). */
export function parsePathKey(key: string): Path | undefined {
  const [kind, portText, ...rest] = key.split(':');
  const p = port(portText ?? '');
  if (p === undefined) return undefined;
  if (kind === 'local') {
    const mac = rest.join(':');
    return MAC.test(mac) ? { kind: 'local', port: p, mac } : undefined;
  }
  if (kind === 'mpls' && rest.length === 1) {
    const labels = rest[0].split('/').map(Number);
    if (labels.length === 0 || labels.length > MAX_LABEL_STACK || !labels.every(isValidLabel)) return undefined;
    return { kind: 'mpls', port: p, labels };
  }
  if (kind === 'ip-tunnel' && rest.length === 0) return { kind: 'ip-tunnel', port: p };
  if (kind === 'ip-tunnel' && rest.length === 1 && /^[0-9]{1,8}$/.test(rest[0])) {
    const tunnelId = Number(rest[0]);
    return isValidTunnelId(tunnelId) ? { kind: 'ip-tunnel', port: p, tunnelId } : undefined;
  }
  return undefined;
}

/**
 * The path that carries a connection through this level's target and on down to the
 * final target below it (the shortcut): this level's labels first, then the stack the
 * lower level gave. Undefined when the stack would be deeper than a switch can match.
 */
export function extendPath(toTarget: Path, below: readonly number[]): Path | undefined {
  if (toTarget.kind !== 'mpls') return undefined;
  const labels = [...toTarget.labels, ...below];
  if (labels.length > MAX_LABEL_STACK || !labels.every(isValidLabel)) return undefined;
  return { kind: 'mpls', port: toTarget.port, labels };
}
