// Recovery 4 (patent Fig. 10): what the SLR makes of a client's echo reply to a VIP that
// carries a server's flow advertisement. Pure: the echo data, the reply's own addresses,
// the server's key and the time in, a verdict out; the service-routing app acts on it.
// The checks, in order: it is an advertisement at all; it names a registrant of this
// level that has a key; its MAC is right under that key; it is fresh; and it describes
// the connection of the very client that answered, to the very VIP it answered to (a
// reply can only vouch for its own sender's connection).
import { parseFlowAdvertisement, verifyFlowAdvertisement, type FiveTuple } from '../../controller';

/** How old an advertisement may be (either way, for clock skew between server and SLR). */
export const ADVERTISEMENT_MAX_AGE_MS = 30_000;

export type AdvertisementVerdict =
  | { kind: 'adopt'; tuple: FiveTuple; serverId: string }
  /** Not an advertisement (an ordinary ping reply to the VIP): ignored, not counted. */
  | { kind: 'ignore' }
  | { kind: 'refuse'; reason: string; serverId?: string };

export interface AdvertisementContext {
  /** The echo reply's source and destination: the client, and the VIP. */
  replySrc: number;
  replyDst: number;
  keyOf(serverId: string): Uint8Array | undefined;
  nowMs: number;
  maxAgeMs?: number;
}

export function advertisementVerdict(echoData: Buffer, c: AdvertisementContext): AdvertisementVerdict {
  const parsed = parseFlowAdvertisement(echoData);
  if (typeof parsed === 'string') return parsed.includes('no magic') || parsed.startsWith('too short') ? { kind: 'ignore' } : { kind: 'refuse', reason: parsed };
  const a = parsed.advertisement;
  const key = c.keyOf(a.serverId);
  if (key === undefined) return { kind: 'refuse', reason: `${JSON.stringify(a.serverId)} is not a registered target of this level`, serverId: a.serverId };
  if (!verifyFlowAdvertisement(parsed, key)) return { kind: 'refuse', reason: 'bad MAC', serverId: a.serverId };
  if (Math.abs(c.nowMs - a.sentAtMs) > (c.maxAgeMs ?? ADVERTISEMENT_MAX_AGE_MS)) return { kind: 'refuse', reason: 'stale', serverId: a.serverId };
  if (a.tuple.srcIp !== c.replySrc >>> 0 || a.tuple.dstIp !== c.replyDst >>> 0) {
    return { kind: 'refuse', reason: 'the advertised connection is not the answering client\'s to this VIP', serverId: a.serverId };
  }
  return { kind: 'adopt', tuple: a.tuple, serverId: a.serverId };
}
