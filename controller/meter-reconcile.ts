// Pure comparison of a switch's meters with the meters apps want, like reconcile.ts does
// for flows: desired and identical -> kept; desired but missing -> ADD; desired but
// different -> MODIFY; present in the id space of a reconciling app and not desired ->
// DELETE; any other meter (another app's, one added by hand) -> left alone.
import type { MeterBand, MeterConfig } from '../southbound/codec/types';
import { OFPM_MAX, OFPMF_BURST, OFPMF_KBPS, OFPMF_PKTPS } from '../southbound/codec/constants';
import { appIdOfMeter } from './meter-space';

export interface MeterWanted {
  meterId: number;
  flags: number;
  bands: MeterBand[];
}

export interface MeterPlan {
  add: MeterWanted[];
  modify: MeterWanted[];
  /** Meter ids to delete. */
  remove: number[];
  kept: number;
}

/** The flags a switch must echo back; OFPMF_STATS and others are the switch's business. */
const COMPARED_FLAGS = OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST;

function bandKey(band: MeterBand, withBurst: boolean): string {
  switch (band.type) {
    case 'DROP':
      return `drop:${band.rate}:${withBurst ? band.burstSize : '-'}`;
    case 'DSCP_REMARK':
      return `dscp:${band.rate}:${withBurst ? band.burstSize : '-'}:${band.precLevel}`;
    case 'EXPERIMENTER':
      return `exp:${band.rate}:${withBurst ? band.burstSize : '-'}:${band.experimenter}:${band.data.toString('hex')}`;
    case 'RAW':
      return `raw:${band.bandType}:${band.raw.toString('hex')}`;
  }
}

/** A canonical text of what a meter does, for comparing desired with actual. */
export function meterKey(flags: number, bands: readonly MeterBand[]): string {
  const f = flags & COMPARED_FLAGS;
  return `${f}|${bands.map((b) => bandKey(b, (f & OFPMF_BURST) !== 0)).join(',')}`;
}

/**
 * What to send so the switch holds exactly `desired` in the id spaces of `reconciling`
 * apps. `actual` is the switch's METER_CONFIG reply.
 */
export function planMeters(actual: readonly MeterConfig[], desired: readonly MeterWanted[], reconciling: (appId: number) => boolean): MeterPlan {
  const have = new Map<number, MeterConfig>();
  for (const m of actual) have.set(m.meterId, m);
  const plan: MeterPlan = { add: [], modify: [], remove: [], kept: 0 };
  const wanted = new Set<number>();
  for (const d of desired) {
    wanted.add(d.meterId);
    const cur = have.get(d.meterId);
    if (!cur) plan.add.push(d);
    else if (meterKey(cur.flags, cur.bands) !== meterKey(d.flags, d.bands)) plan.modify.push(d);
    else plan.kept++;
  }
  for (const m of actual) {
    // Virtual meters (OFPM_SLOWPATH, OFPM_CONTROLLER, ...) sit above OFPM_MAX: never an app's.
    if (m.meterId > OFPM_MAX) continue;
    if (!wanted.has(m.meterId) && reconciling(appIdOfMeter(m.meterId))) plan.remove.push(m.meterId);
  }
  return plan;
}
