import { isGroupMacAt, macAt, macNumberToText, macTextAt, macTextToNumber } from '../../../../apps/forwarding/mac';

describe('MAC helpers', () => {
  const buf = Buffer.from('ffffffffffff0201800000070800', 'hex');

  it('reads MACs as exact 48-bit numbers, high bits included', () => {
    expect(macAt(buf, 0)).toBe(0xffffffffffff);
    expect(macAt(buf, 6)).toBe(0x020180000007);
    expect(macAt(buf, 6)).toBe(buf.readUIntBE(6, 6));
  });

  it('formats and parses the text form', () => {
    expect(macTextAt(buf, 6)).toBe('02:01:80:00:00:07');
    expect(macNumberToText(0x020180000007)).toBe('02:01:80:00:00:07');
    expect(macTextToNumber('02:01:80:00:00:07')).toBe(0x020180000007);
    expect(macTextToNumber('02:01:80:00:00:0G')).toBeNaN();
  });

  it('recognises group (broadcast/multicast) addresses', () => {
    expect(isGroupMacAt(buf, 0)).toBe(true);
    expect(isGroupMacAt(buf, 6)).toBe(false);
    expect(isGroupMacAt(Buffer.from('01005e000001', 'hex'), 0)).toBe(true);
  });
});
