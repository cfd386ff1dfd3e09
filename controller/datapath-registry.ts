// Switches known to the controller by dpid: their current connection, ports and
// up/down state. A switch that reconnects replaces its old entry (the old connection
// is closed by the caller); a disconnected switch stays listed as down.
import type { Port } from '../southbound/codec/types';
import { OFPPC_PORT_DOWN, OFPPS_LINK_DOWN } from '../southbound/codec/constants';
import type { DatapathDirectory } from './app';
import { dpidToHex } from './dpid';
import type { DatapathInfo } from './events';
import type { Logger } from './logger';
import type { DatapathRole } from './roles';
import type { SwitchLink } from './switch-link';

export function isPortUp(port: Port): boolean {
  return (port.state & OFPPS_LINK_DOWN) === 0 && (port.config & OFPPC_PORT_DOWN) === 0;
}

export class DatapathEntry implements DatapathInfo {
  readonly dpidHex: string;
  readonly ports = new Map<number, Port>();
  up = true;
  readonly connectedAt: number;
  disconnectedAt: number | undefined;
  /** This controller's role on the connection (roles.ts); set by the core at attach. */
  role: DatapathRole;

  constructor(
    readonly dpid: bigint,
    readonly link: SwitchLink,
    readonly log: Logger,
    now: number,
  ) {
    this.dpidHex = dpidToHex(dpid);
    this.connectedAt = now;
    this.role = { role: 'equal', generationId: null, changedAt: now, demotedBySwitch: false };
    for (const p of link.ports) this.ports.set(p.portNo, p);
  }

  get nTables(): number {
    return this.link.features.nTables;
  }

  get remote(): string {
    return this.link.remote;
  }
}

export class DatapathRegistry implements DatapathDirectory {
  private readonly entries = new Map<bigint, DatapathEntry>();

  /** Records a new connection; returns the connection it replaces, if any was still up. */
  attach(link: SwitchLink, log: Logger, now: number): { entry: DatapathEntry; replaced?: SwitchLink } {
    const old = this.entries.get(link.datapathId);
    const entry = new DatapathEntry(link.datapathId, link, log, now);
    this.entries.set(link.datapathId, entry);
    const replaced = old && old.up && old.link !== link ? old.link : undefined;
    // The old entry is retired: late messages from its connection are ignored.
    if (old) old.up = false;
    return { entry, replaced };
  }

  /** Marks the switch down if `link` is still its current connection; else undefined. */
  detach(link: SwitchLink, now: number): DatapathEntry | undefined {
    const entry = this.entries.get(link.datapathId);
    if (!entry || entry.link !== link || !entry.up) return undefined;
    entry.up = false;
    entry.disconnectedAt = now;
    return entry;
  }

  /** The connected entry for a dpid (undefined when unknown or down). */
  connected(dpid: bigint): DatapathEntry | undefined {
    const entry = this.entries.get(dpid);
    return entry && entry.up ? entry : undefined;
  }

  get(dpid: bigint): DatapathEntry | undefined {
    return this.entries.get(dpid);
  }

  list(): DatapathEntry[] {
    return [...this.entries.values()];
  }

  get connectedCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.up) n++;
    return n;
  }
}
