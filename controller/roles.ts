// OpenFlow controller roles (spec 6.3.5) as the core keeps them: one state per
// datapath connection, what the switch last confirmed for it, and the one rule that
// gates every write (FLOW_MOD, PACKET_OUT, GROUP_MOD, METER_MOD) on it.
import { OFPCR_ROLE_EQUAL, OFPCR_ROLE_MASTER, OFPCR_ROLE_SLAVE } from '../southbound/codec/constants';

export type OfRoleName = 'equal' | 'master' | 'slave';

/** ofp_controller_role numbers (spec 7.3.9). */
export const ROLE_NUMBERS: Readonly<Record<OfRoleName, number>> = {
  equal: OFPCR_ROLE_EQUAL,
  master: OFPCR_ROLE_MASTER,
  slave: OFPCR_ROLE_SLAVE,
};

/** The name of a ROLE_REPLY's role; 'unknown' for NOCHANGE or a value outside the spec. */
export function roleNameOf(n: number): OfRoleName | 'unknown' {
  if (n === OFPCR_ROLE_EQUAL) return 'equal';
  if (n === OFPCR_ROLE_MASTER) return 'master';
  if (n === OFPCR_ROLE_SLAVE) return 'slave';
  return 'unknown';
}

/** What the core knows of its role on one switch connection. */
export interface DatapathRole {
  /**
   * The role the switch confirmed with a ROLE_REPLY, or 'equal' for a connection that
   * never asked (the spec's default), or 'unknown' while a controller that must be
   * master (hot-spare mode) has no confirmation yet.
   */
  role: OfRoleName | 'unknown';
  /** The generation id of the confirmed role (null when none was sent). */
  generationId: bigint | null;
  /** Core clock time of the last change. */
  changedAt: number;
  /** Set when the switch refused a write with OFPBRC_IS_SLAVE: another controller is master. */
  demotedBySwitch: boolean;
}

export function initialRole(confirmed: { role: number; generationId: bigint } | null | undefined, requireMaster: boolean, now: number): DatapathRole {
  if (confirmed) return { role: roleNameOf(confirmed.role), generationId: confirmed.generationId, changedAt: now, demotedBySwitch: false };
  return { role: requireMaster ? 'unknown' : 'equal', generationId: null, changedAt: now, demotedBySwitch: false };
}

/**
 * May the core write to a switch in this role? A slave never may (the switch would
 * refuse with OFPBRC_IS_SLAVE anyway). With requireMaster (a hot-spare pair), only a
 * confirmed master may, and only while its lease holds: a partitioned old master that
 * lost its lease writes nothing even before any switch demotes it.
 */
export function roleMayWrite(r: DatapathRole, requireMaster: boolean, leaseHolds: boolean): boolean {
  if (requireMaster) return r.role === 'master' && leaseHolds;
  return r.role === 'master' || r.role === 'equal';
}
