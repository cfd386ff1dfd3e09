// Cookie spaces: the top 16 bits of the 64-bit flow cookie (spec 7.3.4.1) name the app
// that owns a flow; the app owns the low 48 bits. Id 0 is never given to an app, so
// flows installed by hand (cookie 0) or by another controller are never taken for ours.

export const APP_ID_BITS = 16n;
export const LOCAL_COOKIE_BITS = 48n;
export const LOCAL_COOKIE_MAX = (1n << LOCAL_COOKIE_BITS) - 1n;
/** cookie_mask selecting only the app-id bits. */
export const APP_ID_COOKIE_MASK = ((1n << APP_ID_BITS) - 1n) << LOCAL_COOKIE_BITS;
export const ALL_COOKIE_BITS = (1n << 64n) - 1n;
export const MIN_APP_ID = 1;
// 0xffff is excluded too: a PACKET_IN not caused by a flow carries cookie -1 (spec 7.4.1).
export const MAX_APP_ID = 0xfffe;

/** Fixed ids so a restarted controller recognises its own flows on the switches. */
export const WELL_KNOWN_APP_IDS = {
  forwarding: 0x0001,
  serviceRouting: 0x0002,
  flowPinning: 0x0003,
  recovery: 0x0004,
  pipeline: 0x0005,
  qos: 0x0006,
} as const;

export function appIdOfCookie(cookie: bigint): number {
  return Number(cookie >> LOCAL_COOKIE_BITS);
}

export function localPartOfCookie(cookie: bigint): bigint {
  return cookie & LOCAL_COOKIE_MAX;
}

/** One app's slice of the cookie space. Only the core builds these. */
export class CookieSpace {
  readonly base: bigint;
  constructor(readonly appId: number) {
    if (!Number.isInteger(appId) || appId < MIN_APP_ID || appId > MAX_APP_ID) {
      throw new RangeError(`app id ${appId} is outside ${MIN_APP_ID}..${MAX_APP_ID}`);
    }
    this.base = BigInt(appId) << LOCAL_COOKIE_BITS;
  }

  private lastLocal = -1n;
  private lastStamped = 0n;

  /** The wire cookie for an app-local cookie; undefined if it does not fit 48 bits. */
  stamp(local: bigint): bigint | undefined {
    // Apps reuse a handful of cookies: skip the BigInt OR (an allocation) on repeats.
    if (local < 0n || local > LOCAL_COOKIE_MAX) return undefined;
    if (local === this.lastLocal) return this.lastStamped;
    this.lastLocal = local;
    this.lastStamped = this.base | local;
    return this.lastStamped;
  }

  owns(cookie: bigint): boolean {
    return appIdOfCookie(cookie) === this.appId;
  }

  /**
   * cookie/cookie_mask for a delete or stats request confined to this space: the app's
   * own local bits and mask, with the app-id bits always forced into the mask.
   */
  confine(local: bigint, localMask: bigint): { cookie: bigint; cookieMask: bigint } | undefined {
    if (local < 0n || local > LOCAL_COOKIE_MAX || localMask < 0n || localMask > LOCAL_COOKIE_MAX) return undefined;
    return { cookie: this.base | (local & localMask), cookieMask: APP_ID_COOKIE_MASK | localMask };
  }
}
