// HELLO version negotiation (spec 6.3.1). We speak only OpenFlow 1.3 (wire version 4).
// If the peer's HELLO carries a version bitmap, the negotiated version is the highest
// one set in both bitmaps, so 1.3 must be in the peer's. Without a bitmap, the
// negotiated version is the smaller of the two header versions, which must be 4.
import type { HelloElement } from '../codec/types';

export const OF13_WIRE_VERSION = 4;

export type NegotiationResult =
  | { ok: true; version: number; viaBitmap: boolean }
  | { ok: false; reason: string };

/** Whether `version` is set in a VERSIONBITMAP element's list of 32-bit words. */
function bitmapHas(bitmaps: readonly number[], version: number): boolean {
  const word = bitmaps[version >>> 5];
  return word !== undefined && ((word >>> (version & 31)) & 1) === 1;
}

export function negotiateVersion(
  peerHeaderVersion: number,
  peerElements: readonly HelloElement[],
): NegotiationResult {
  for (const element of peerElements) {
    if (element.type !== 'VERSIONBITMAP') continue;
    if (bitmapHas(element.bitmaps, OF13_WIRE_VERSION)) {
      return { ok: true, version: OF13_WIRE_VERSION, viaBitmap: true };
    }
    return { ok: false, reason: 'peer version bitmap does not include OpenFlow 1.3' };
  }
  const common = Math.min(peerHeaderVersion, OF13_WIRE_VERSION);
  if (common === OF13_WIRE_VERSION) {
    return { ok: true, version: OF13_WIRE_VERSION, viaBitmap: false };
  }
  return { ok: false, reason: `peer supports only OpenFlow wire version ${peerHeaderVersion}` };
}

/** Our HELLO's elements: a bitmap with only bit 4 (OpenFlow 1.3) set. */
export function ourHelloElements(): HelloElement[] {
  return [{ type: 'VERSIONBITMAP', bitmaps: [1 << OF13_WIRE_VERSION] }];
}
