import { negotiateVersion, ourHelloElements } from '../../../../southbound/channel/version-negotiation';

describe('negotiateVersion (spec 6.3.1)', () => {
  it('accepts a bitmap that includes 1.3, whatever the header version', () => {
    expect(negotiateVersion(6, [{ type: 'VERSIONBITMAP', bitmaps: [(1 << 4) | (1 << 6)] }])).toEqual({ ok: true, version: 4, viaBitmap: true });
    expect(negotiateVersion(4, [{ type: 'VERSIONBITMAP', bitmaps: [0x12] }])).toMatchObject({ ok: true });
  });

  it('refuses a bitmap without 1.3 even if the header version would do', () => {
    const r = negotiateVersion(5, [{ type: 'VERSIONBITMAP', bitmaps: [(1 << 1) | (1 << 5)] }]);
    expect(r.ok).toBe(false);
  });

  it('skips unknown elements to find the bitmap', () => {
    const r = negotiateVersion(1, [
      { type: 'RAW', elementType: 9, raw: Buffer.alloc(4) },
      { type: 'VERSIONBITMAP', bitmaps: [1 << 4] },
    ]);
    expect(r).toMatchObject({ ok: true, viaBitmap: true });
  });

  it('without a bitmap, uses min(header versions), which must be 4', () => {
    expect(negotiateVersion(4, [])).toEqual({ ok: true, version: 4, viaBitmap: false });
    expect(negotiateVersion(5, [])).toMatchObject({ ok: true, version: 4 });
    const old = negotiateVersion(1, []);
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.reason).toMatch(/version 1/);
  });

  it('advertises exactly version 4 in our own bitmap', () => {
    expect(ourHelloElements()).toEqual([{ type: 'VERSIONBITMAP', bitmaps: [0x10] }]);
  });
});
