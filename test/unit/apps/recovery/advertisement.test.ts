// What the SLR makes of an echo reply that carries a flow advertisement: adopt only an
// authentic, fresh one that names the answering client's own connection to this VIP.
import { advertisementVerdict } from '../../../../apps/recovery/advertisement';
import { buildFlowAdvertisement, parseIpv4Address } from '../../../../controller';

const KEY = Buffer.alloc(32, 3);
const CLIENT = parseIpv4Address('10.0.1.1')!;
const VIP = parseIpv4Address('10.0.0.100')!;
const NOW = 1_796_000_000_000;
const tuple = { proto: 6, srcIp: CLIENT, srcPort: 40000, dstIp: VIP, dstPort: 80 };
const data = (o: { serverId?: string; sentAtMs?: number; key?: Buffer; srcIp?: number } = {}) =>
  buildFlowAdvertisement({ tuple: { ...tuple, srcIp: o.srcIp ?? CLIENT }, serverIp: 0x0a00000b, serverId: o.serverId ?? 'srv1', sentAtMs: o.sentAtMs ?? NOW }, o.key ?? KEY);
const ctx = { replySrc: CLIENT, replyDst: VIP, keyOf: (id: string) => (id === 'srv1' ? KEY : undefined), nowMs: NOW + 200 };

describe('advertisementVerdict', () => {
  it('adopts an authentic, fresh advertisement of the answering client\'s connection', () => {
    expect(advertisementVerdict(data(), ctx)).toEqual({ kind: 'adopt', tuple, serverId: 'srv1' });
  });

  it('ignores an ordinary ping reply to the VIP (no advertisement in it)', () => {
    expect(advertisementVerdict(Buffer.alloc(56), ctx)).toEqual({ kind: 'ignore' });
    expect(advertisementVerdict(Buffer.alloc(200, 1), ctx)).toEqual({ kind: 'ignore' });
  });

  it('refuses an unknown server, a wrong key, a stale one, and another client\'s connection', () => {
    expect(advertisementVerdict(data({ serverId: 'srv9' }), ctx)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/not a registered target/) });
    expect(advertisementVerdict(data({ key: Buffer.alloc(32, 4) }), ctx)).toMatchObject({ kind: 'refuse', reason: 'bad MAC', serverId: 'srv1' });
    expect(advertisementVerdict(data({ sentAtMs: NOW - 60_000 }), ctx)).toMatchObject({ kind: 'refuse', reason: 'stale' });
    expect(advertisementVerdict(data({ srcIp: parseIpv4Address('10.0.2.1')! }), ctx)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/not the answering client/) });
    expect(advertisementVerdict(data(), { ...ctx, replyDst: parseIpv4Address('10.0.0.101')! })).toMatchObject({ kind: 'refuse' });
  });

  it('refuses a record of a later version instead of guessing', () => {
    const d = data();
    d[56 + 4] = 9;
    expect(advertisementVerdict(d, ctx)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/version 9/) });
  });
});
