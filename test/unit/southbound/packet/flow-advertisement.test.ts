// The server's flow advertisement (patent Fig. 10): its layout, its MAC, and what a
// parser makes of bytes that are not one or were tampered with.
import { ADVERTISEMENT_OFFSET, buildFlowAdvertisement, buildIcmpEcho, parseFlowAdvertisement, verifyFlowAdvertisement } from '../../../../southbound/packet';
import { parseIpv4Address } from '../../../../southbound/packet';

const KEY = Buffer.alloc(32, 7);
const ADV = {
  tuple: { proto: 6, srcIp: parseIpv4Address('10.0.1.1')!, srcPort: 40123, dstIp: parseIpv4Address('10.0.0.100')!, dstPort: 80 },
  serverIp: parseIpv4Address('10.0.0.11')!,
  serverId: 'srv1',
  sentAtMs: 1_796_000_000_123,
};

describe('flow advertisement', () => {
  it('puts the record after a standard ping\'s 56 bytes of data: magic, version, classifier, server, time, id, MAC', () => {
    const data = buildFlowAdvertisement(ADV, KEY);
    expect(data.subarray(0, ADVERTISEMENT_OFFSET)).toEqual(Buffer.alloc(ADVERTISEMENT_OFFSET));
    const r = data.subarray(ADVERTISEMENT_OFFSET);
    expect(r.subarray(0, 4).toString('latin1')).toBe('SLRA');
    expect(r.subarray(4, 31).toString('hex')).toBe('01' + '06' + '0a000101' + '9cbb' + '0a000064' + '0050' + '0a00000b' + '000001a229f1287b' + '04');
    expect(r.subarray(31, 35).toString('utf8')).toBe('srv1');
    expect(r.length).toBe(31 + 4 + 16);
    // The whole ICMP message: 8 bytes of header, so the record starts at byte 64 as the patent has it.
    const icmp = buildIcmpEcho({ kind: 'request', id: 80, seq: 1, payload: data });
    expect(icmp.subarray(64, 68).toString('latin1')).toBe('SLRA');
  });

  it('parses back what it built, and the MAC checks out under the key only', () => {
    const p = parseFlowAdvertisement(buildFlowAdvertisement(ADV, KEY));
    if (typeof p === 'string') throw new Error(p);
    expect(p.advertisement).toEqual(ADV);
    expect(verifyFlowAdvertisement(p, KEY)).toBe(true);
    expect(verifyFlowAdvertisement(p, Buffer.alloc(32, 8))).toBe(false);
    expect(verifyFlowAdvertisement(p, Buffer.alloc(0))).toBe(false);
  });

  it('refuses the record when any byte of it is changed', () => {
    const data = buildFlowAdvertisement(ADV, KEY);
    for (const at of [5, 6, 10, 12, 16, 18, 22, 31]) {
      const bad = Buffer.from(data);
      bad[ADVERTISEMENT_OFFSET + at] ^= 1;
      const p = parseFlowAdvertisement(bad);
      // Refused either way: unparseable (e.g. a timestamp out of range) or a wrong MAC.
      expect({ at, accepted: typeof p !== 'string' && verifyFlowAdvertisement(p, KEY) }).toEqual({ at, accepted: false });
    }
  });

  it('says why bytes are not an advertisement, and never throws', () => {
    const data = buildFlowAdvertisement(ADV, KEY);
    expect(parseFlowAdvertisement(Buffer.alloc(56))).toMatch(/too short/);
    const noMagic = Buffer.from(data);
    noMagic[ADVERTISEMENT_OFFSET] = 0x41;
    expect(parseFlowAdvertisement(noMagic)).toMatch(/no magic/);
    const v2 = Buffer.from(data);
    v2[ADVERTISEMENT_OFFSET + 4] = 2;
    expect(parseFlowAdvertisement(v2)).toMatch(/version 2/);
    expect(parseFlowAdvertisement(data.subarray(0, data.length - 1))).toMatch(/truncated/);
    const longId = Buffer.from(data);
    longId[ADVERTISEMENT_OFFSET + 30] = 200;
    expect(parseFlowAdvertisement(longId)).toMatch(/server id length/);
    for (let n = 0; n < 300; n++) {
      const junk = Buffer.from(data);
      junk[Math.floor(Math.random() * junk.length)] = Math.floor(Math.random() * 256);
      expect(() => parseFlowAdvertisement(junk.subarray(0, Math.floor(Math.random() * junk.length)))).not.toThrow();
    }
  });

  it('refuses to build without a key or with a server id out of range', () => {
    expect(() => buildFlowAdvertisement(ADV, Buffer.alloc(0))).toThrow(/no advertisement key/);
    expect(() => buildFlowAdvertisement({ ...ADV, serverId: '' }, KEY)).toThrow(RangeError);
    expect(() => buildFlowAdvertisement({ ...ADV, serverId: 'x'.repeat(129) }, KEY)).toThrow(RangeError);
  });
});
