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

export type Path =
  | { readonly kind: 'local'; readonly port: number; readonly mac: string }
  | { readonly kind: 'mpls'; readonly labels: readonly number[]; readonly port: number };

/** MPLS labels are 20 bits; 0-15 are reserved (RFC 3032 section 2.1). */
export const MIN_LABEL = 16;
export const MAX_LABEL = 0xfffff;
/** Open vSwitch keeps at most three label stack entries in its flow key. */
export const MAX_LABEL_STACK = 3;

export function isValidLabel(label: number): boolean {
  return Number.isInteger(label) && label >= MIN_LABEL && label <= MAX_LABEL;
}

/** Canonical text of a path: the pin mirror stores it, and equal paths have equal keys. */
export function pathKey(p: Path): string {
  switch (p.kind) {
    case 'local':
      return `local:${p.port}:${p.mac}`;
    case 'mpls':
      return `mpls:${p.port}:${p.labels.join('/')}`;
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
