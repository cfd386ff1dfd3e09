import * as codec from '../../../../southbound/codec';
import { describeOfError, listOfErrors, ofErrorCodeName, ofErrorTypeName } from '../../../../southbound/codec/error-codes';

const exported = codec as unknown as Record<string, unknown>;

describe('error type/code table', () => {
  it('every table entry is also an exported constant with the same value', () => {
    const entries = listOfErrors();
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries) {
      expect([e.type, exported[e.type]]).toEqual([e.type, e.errType]);
      expect([e.code, exported[e.code]]).toEqual([e.code, e.errCode]);
    }
  });

  it('every exported OFPET_* type has a table entry', () => {
    const types = Object.keys(exported).filter((k) => k.startsWith('OFPET_'));
    expect(types).toHaveLength(15);
    for (const name of types) expect(ofErrorTypeName(exported[name] as number)).toBe(name);
  });

  it('names spot-checked against spec 7.4.4', () => {
    expect(ofErrorCodeName(1, 6)).toBe('OFPBRC_BAD_LEN');
    expect(ofErrorCodeName(2, 15)).toBe('OFPBAC_BAD_SET_ARGUMENT');
    expect(ofErrorCodeName(3, 7)).toBe('OFPBIC_BAD_LEN');
    expect(ofErrorCodeName(4, 11)).toBe('OFPBMC_EPERM');
    expect(ofErrorCodeName(6, 14)).toBe('OFPGMFC_EPERM');
    expect(ofErrorCodeName(12, 11)).toBe('OFPMMFC_OUT_OF_BANDS');
    expect(ofErrorCodeName(13, 5)).toBe('OFPTFFC_EPERM');
    expect(ofErrorTypeName(0xffff)).toBe('OFPET_EXPERIMENTER');
  });

  it('unknown numbers fall back to text with the number', () => {
    expect(ofErrorCodeName(1, 99)).toBeUndefined();
    expect(ofErrorTypeName(99)).toBeUndefined();
    expect(describeOfError(99, 3)).toEqual({ type: 'type 99', code: 'code 3' });
    expect(describeOfError(5, 6)).toEqual({ type: 'OFPET_FLOW_MOD_FAILED', code: 'OFPFMFC_BAD_COMMAND' });
  });
});

describe('protocol constants', () => {
  it('header and message types', () => {
    expect([codec.OFP_VERSION, codec.OFP_HEADER_LEN, codec.OFPT_HELLO, codec.OFPT_PACKET_IN, codec.OFPT_FLOW_MOD, codec.OFPT_METER_MOD])
      .toEqual([4, 8, 0, 10, 14, 29]);
    for (const type of ['HELLO', 'PACKET_IN', 'MULTIPART_REPLY', 'METER_MOD'] as const) {
      expect(codec.ofptOf(type)).toBe(exported[`OFPT_${type}`]);
      expect(codec.ofptName(codec.ofptOf(type))).toBe(type);
    }
    expect(codec.ofptName(30)).toBeUndefined();
  });
  it('reserved ports, buffers, groups, meters and tables', () => {
    expect(codec.OFPP_CONTROLLER).toBe(0xfffffffd);
    expect(codec.OFPP_ANY).toBe(0xffffffff);
    expect(codec.OFPP_IN_PORT).toBe(0xfffffff8);
    expect(codec.OFP_NO_BUFFER).toBe(0xffffffff);
    expect(codec.OFPCML_NO_BUFFER).toBe(0xffff);
    expect(codec.OFPG_ALL).toBe(0xfffffffc);
    expect(codec.OFPM_CONTROLLER).toBe(0xfffffffe);
    expect(codec.OFPTT_ALL).toBe(0xff);
    expect(codec.OFPXMC_OPENFLOW_BASIC).toBe(0x8000);
  });
});

describe('hello version bitmaps', () => {
  it('converts between version lists and bitmap words', () => {
    expect(codec.bitmapForVersions([1, 4])).toEqual([0x12]);
    expect(codec.versionsInBitmap([0x12])).toEqual([1, 4]);
    expect(codec.bitmapForVersions([4, 33])).toEqual([0x10, 0x2]);
    expect(codec.versionsInBitmap([0x80000000, 1])).toEqual([31, 32]);
  });
});

describe('builders', () => {
  it('build plain objects the encoder accepts', () => {
    expect(codec.oxm('tcp_dst', 80)).toEqual({ field: 'tcp_dst', value: 80 });
    expect(codec.oxm('ipv4_dst', '10.0.0.0', '255.0.0.0')).toEqual({ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.0.0.0' });
    expect(codec.output(3)).toEqual({ type: 'OUTPUT', port: 3, maxLen: 0xffff });
    expect(codec.setField('mpls_label', 5)).toEqual({ type: 'SET_FIELD', field: { field: 'mpls_label', value: 5 } });
    expect(codec.applyActions([])).toEqual({ type: 'APPLY_ACTIONS', actions: [] });
    expect(codec.gotoTable(1)).toEqual({ type: 'GOTO_TABLE', tableId: 1 });
  });
});
