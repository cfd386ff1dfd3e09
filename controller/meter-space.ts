// Meter id spaces: like cookies (cookies.ts), the high 16 bits of a 32-bit meter id name
// the app that owns the meter and the app owns the low 16 bits. The core builds one
// MeterSpace per registered app (app-registry.ts), so two apps can never allocate the
// same meter, and reconciliation deletes only meters of the app it reconciles.
// Ids stay below OFPM_MAX (0xffff0000, spec 7.3.4.4) for every valid app id (<= 0xfffe);
// Open vSwitch accepts any id up to OFPM_MAX (checked on the test bed: 0x00060001, 0xfffeffff).
import type { MeterBand } from '../southbound/codec/types';

export const METER_LOCAL_BITS = 16;
export const METER_LOCAL_MAX = (1 << METER_LOCAL_BITS) - 1;

/** A meter as an app wants it on a switch; `localId` is app-local (1..65535). */
export interface MeterSpec {
  localId: number;
  /** OFPMF_* flags (spec 7.3.4.4): OFPMF_KBPS (1) or OFPMF_PKTPS (2), OFPMF_BURST (4), OFPMF_STATS (8). */
  flags: number;
  bands: MeterBand[];
}

export function appIdOfMeter(meterId: number): number {
  return Math.floor(meterId / (METER_LOCAL_MAX + 1));
}

/** One app's slice of the meter id space. */
export class MeterSpace {
  readonly base: number;
  constructor(readonly appId: number) {
    this.base = appId * (METER_LOCAL_MAX + 1);
  }

  /** The wire meter id of an app-local id; undefined when it does not fit 1..65535. */
  id(localId: number): number | undefined {
    if (!Number.isInteger(localId) || localId < 1 || localId > METER_LOCAL_MAX) return undefined;
    return this.base + localId;
  }

  owns(meterId: number): boolean {
    return appIdOfMeter(meterId) === this.appId && meterId !== this.base;
  }

  localOf(meterId: number): number {
    return meterId - this.base;
  }
}
