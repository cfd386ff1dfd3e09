import { DatapathRegistry, type RegisteredConnection } from '../../../../southbound/channel/datapath-registry';
import { SILENT_LOGGER, type ChannelLogger } from '../../../../southbound/channel/config';
import { mergeMultipartParts } from '../../../../southbound/channel/multipart-merge';

class FakeConn implements RegisteredConnection {
  closedWith: string | null = null;
  constructor(readonly datapathId: bigint, readonly remote: string) {}
  close(reason: string): void {
    this.closedWith = reason;
  }
}

describe('DatapathRegistry', () => {
  it('lets the newer connection win and closes the older with a logged reason', () => {
    const warnings: string[] = [];
    const log: ChannelLogger = { ...SILENT_LOGGER, warn: (_o, msg) => { warnings.push(msg ?? ''); } };
    const reg = new DatapathRegistry<FakeConn>(log);
    const older = new FakeConn(7n, '10.0.0.1:1000');
    const other = new FakeConn(8n, '10.0.0.2:1000');
    const newer = new FakeConn(7n, '10.0.0.1:2000');
    reg.claim(older);
    reg.claim(other);
    reg.claim(newer);
    expect(reg.get(7n)).toBe(newer);
    expect(older.closedWith).toMatch(/replaced by a newer connection from 10\.0\.0\.1:2000/);
    expect(newer.closedWith).toBeNull();
    expect(other.closedWith).toBeNull();
    expect(warnings).toHaveLength(1);

    reg.release(older); // the replaced one no longer owns the datapath
    expect(reg.get(7n)).toBe(newer);
    reg.release(newer);
    expect(reg.get(7n)).toBeUndefined();
    expect(reg.size).toBe(1);
  });
});

describe('mergeMultipartParts', () => {
  it('concatenates list bodies and clears REPLY_MORE', () => {
    const merged = mergeMultipartParts([
      { type: 'MULTIPART_REPLY', xid: 4, flags: 1, mpType: 'TABLE', body: [{ tableId: 0, activeCount: 1, lookupCount: 0n, matchedCount: 0n }] },
      { type: 'MULTIPART_REPLY', xid: 4, flags: 0, mpType: 'TABLE', body: [{ tableId: 1, activeCount: 2, lookupCount: 0n, matchedCount: 0n }] },
    ]);
    expect(merged.flags).toBe(0);
    expect(merged.mpType === 'TABLE' && merged.body.map((t) => t.tableId)).toEqual([0, 1]);
  });

  it('keeps a single-structure body as is', () => {
    const part = { type: 'MULTIPART_REPLY' as const, xid: 1, flags: 0, mpType: 'AGGREGATE' as const, body: { packetCount: 1n, byteCount: 2n, flowCount: 3 } };
    expect(mergeMultipartParts([part])).toBe(part);
  });
});
