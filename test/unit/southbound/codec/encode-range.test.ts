// Values that do not fit their field must make the encoder throw OfEncodeError naming the
// field, instead of being written modulo the field width (a different value on the wire).
import {
  OXM_FIELD_DEFS, OfEncodeError, decodeMessage, encodeMessage, encodeMessageInto, type Action, type FlowMod,
  type Instruction, type OfMessage, type OxmField, type OxmFieldDef, type TableFeatureProp,
} from '../../../../southbound/codec';
import { oxmLength, writeOxm } from '../../../../southbound/codec/oxm';
import { OFPET_BAD_ACTION, OFPET_BAD_MATCH } from '../../../../southbound/codec/errors';
import { OFPBAC_BAD_SET_ARGUMENT, OFPBMC_BAD_MASK, OFPBMC_BAD_VALUE } from '../../../../southbound/codec/error-codes';
import { sampleMessages } from './samples';
import { decodeError } from './decode-error';

const flowMod: FlowMod = {
  type: 'FLOW_MOD', xid: 1, cookie: 0n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 0, hardTimeout: 0,
  priority: 100, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0,
  match: [{ field: 'in_port', value: 1 }], instructions: [],
};

/** The OfEncodeError thrown by `fn`; fails the test when it throws nothing or anything else. */
function encodeError(fn: () => unknown): OfEncodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OfEncodeError) return err;
    throw err;
  }
  throw new Error('expected an OfEncodeError, nothing was thrown');
}

/** A copy of `value` with `path` set to `replacement`; Buffers and untouched branches are shared. */
function withValue<T>(value: T, path: ReadonlyArray<string | number>, replacement: unknown): T {
  if (path.length === 0) return replacement as T;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
  copy[key as string] = withValue(copy[key as string], rest, replacement);
  return copy as T;
}

describe('the encoder refuses values that do not fit their field', () => {
  const fm = (patch: Partial<FlowMod>): OfMessage => ({ ...flowMod, ...patch });
  const oxm = (field: OxmField): OfMessage => fm({ match: [field] });

  // The cases found by the verification helper: each used to encode without error and
  // decode to another value (shown after the arrow).
  it.each<[string, OfMessage, RegExp]>([
    ['priority 70000 (was 4464)', fm({ priority: 70000 }), /^FLOW_MOD\.priority: 70000 does not fit in 16 bits$/],
    ['priority -1 (was 65535)', fm({ priority: -1 }), /^FLOW_MOD\.priority: -1 does not fit in 16 bits$/],
    ['tableId 256 (was 0)', fm({ tableId: 256 }), /^FLOW_MOD\.tableId: 256 does not fit in 8 bits$/],
    ['xid 2^32 (was 0)', fm({ xid: 2 ** 32 }), /^FLOW_MOD\.xid: 4294967296 does not fit in 32 bits$/],
    ['cookie 2^64 (was 0n)', fm({ cookie: 2n ** 64n }), /^FLOW_MOD\.cookie: 18446744073709551616n does not fit in 64 bits$/],
    ['in_port OXM 2^32+5 (was 5)', oxm({ field: 'in_port', value: 2 ** 32 + 5 }), /^OXM in_port\.value: 4294967301 does not fit in 32 bits$/],
    ['pbb_isid 0x1000000 (was 0)', oxm({ field: 'pbb_isid', value: 0x1000000 }), /^OXM pbb_isid\.value: 16777216 does not fit in 24 bits$/],
    ['ip_dscp 300 (was 44)', oxm({ field: 'ip_dscp', value: 300 }), /^OXM ip_dscp\.value: 300 does not fit in 6 bits$/],
    ['outPort NaN (was 0)', fm({ outPort: NaN }), /^FLOW_MOD\.outPort: NaN is not an integer$/],
    ["priority '5' (was 5)", fm({ priority: '5' as unknown as number }), /^FLOW_MOD\.priority: needs a number, got "5" \(a string\)$/],
  ])('%s', (_name, msg, message) => {
    expect(encodeError(() => encodeMessage(msg)).message).toMatch(message);
    // encodeMessageInto shares the checks.
    expect(encodeError(() => encodeMessageInto(msg, Buffer.alloc(200), 0)).message).toMatch(message);
  });

  it('refuses fractions, infinities, bigints for numbers and numbers for bigints', () => {
    expect(encodeError(() => encodeMessage(fm({ idleTimeout: 1.5 }))).message).toBe('FLOW_MOD.idleTimeout: 1.5 is not an integer');
    expect(encodeError(() => encodeMessage(fm({ bufferId: Infinity }))).message).toBe('FLOW_MOD.bufferId: Infinity is not an integer');
    expect(encodeError(() => encodeMessage(fm({ flags: 1n as unknown as number }))).message)
      .toBe('FLOW_MOD.flags: needs a number, got 1n (a bigint)');
    expect(encodeError(() => encodeMessage(fm({ cookieMask: 1 as unknown as bigint }))).message)
      .toBe('FLOW_MOD.cookieMask: needs a bigint, got 1 (a number)');
    expect(encodeError(() => encodeMessage(fm({ cookie: -1n }))).message).toBe('FLOW_MOD.cookie: -1n does not fit in 64 bits');
  });

  it('refuses action, instruction and table-feature property types it does not know', () => {
    const action = { type: 'NOPE' } as unknown as Action;
    const instruction = { type: 'NOPE' } as unknown as Instruction;
    expect(encodeError(() => encodeMessage(fm({ instructions: [{ type: 'APPLY_ACTIONS', actions: [action] }] }))).message)
      .toBe('unknown action type NOPE');
    expect(encodeError(() => encodeMessage(fm({ instructions: [instruction] }))).message).toBe('unknown instruction type NOPE');
    const prop = { type: 'NOPE', experimenter: 1, expType: 1, data: Buffer.alloc(0) } as unknown as TableFeatureProp;
    const features: OfMessage = {
      type: 'MULTIPART_REQUEST', xid: 1, flags: 0, mpType: 'TABLE_FEATURES',
      body: [{ tableId: 0, name: 't', metadataMatch: 0n, metadataWrite: 0n, config: 0, maxEntries: 1, properties: [prop] }],
    };
    expect(encodeError(() => encodeMessage(features)).message).toBe('unknown table feature property type NOPE');
  });

  it('still encodes every field at its largest value and at 0, and decodes them back', () => {
    for (const n of [0, 1]) {
      const max = n === 1;
      const msg = fm({
        xid: max ? 0xffffffff : 0, cookie: max ? 2n ** 64n - 1n : 0n, cookieMask: max ? 2n ** 64n - 1n : 0n,
        tableId: max ? 0xff : 0, command: max ? 0xff : 0, idleTimeout: max ? 0xffff : 0, hardTimeout: max ? 0xffff : 0,
        priority: max ? 0xffff : 0, bufferId: max ? 0xffffffff : 0, outPort: max ? 0xffffffff : 0,
        outGroup: max ? 0xffffffff : 0, flags: max ? 0xffff : 0,
      });
      expect(decodeMessage(encodeMessage(msg))).toEqual(msg);
    }
  });
});

describe('OXM values and masks are checked against the field width in bits', () => {
  // Spec 7.2.3.7, table 12: these fields use only the low bits of their bytes.
  const narrow: Array<[string, number]> = [
    ['vlan_vid', 13], ['vlan_pcp', 3], ['ip_dscp', 6], ['ip_ecn', 2], ['ipv6_flabel', 20], ['mpls_label', 20],
    ['mpls_tc', 3], ['mpls_bos', 1], ['pbb_isid', 24], ['ipv6_exthdr', 9],
  ];
  const numberFields = OXM_FIELD_DEFS.filter((d) => d.kind === 'uint');
  const widthOf = (d: OxmFieldDef): number => narrow.find(([name]) => name === d.name)?.[1] ?? 8 * d.size;
  const write = (f: OxmField): Buffer => {
    const buf = Buffer.alloc(oxmLength(f));
    writeOxm(f, buf, 0);
    return buf;
  };

  it('knows every narrow field listed here', () => {
    for (const [name] of narrow) expect(numberFields.map((d) => d.name)).toContain(name);
  });

  it.each(numberFields.map((d) => [d.name, d] as const))('%s: max and 0 encode, max + 1 and -1 throw', (name, d) => {
    const max = 2 ** widthOf(d) - 1;
    const last = 4 + d.size - 1;
    expect(write({ field: d.name, value: max })[last]).toBe(max & 0xff);
    expect(write({ field: d.name, value: 0 })[last]).toBe(0);
    expect(write({ field: d.name, value: 0, mask: max }).length).toBe(4 + 2 * d.size);
    for (const bad of [max + 1, -1, 0.5]) {
      expect(encodeError(() => write({ field: d.name, value: bad })).message).toMatch(new RegExp(`^OXM ${name}\\.value: `));
      expect(encodeError(() => write({ field: d.name, value: 0, mask: bad })).message).toMatch(new RegExp(`^OXM ${name}\\.mask: `));
    }
    expect(encodeError(() => write({ field: d.name, value: max + 1 })).message).toContain(`does not fit in ${widthOf(d)} bits`);
  });

  it('vlan_vid takes OFPVID_PRESENT | 4095 but not the bits above', () => {
    expect(write({ field: 'vlan_vid', value: 0x1fff, mask: 0x1fff }).toString('hex')).toBe('80000d041fff1fff');
    expect(() => write({ field: 'vlan_vid', value: 0x2000 })).toThrow(OfEncodeError);
  });

  it('64-bit fields need a bigint within 64 bits, for the value and the mask', () => {
    expect(write({ field: 'metadata', value: 2n ** 64n - 1n, mask: 0n }).length).toBe(20);
    expect(encodeError(() => write({ field: 'metadata', value: 2n ** 64n })).message).toMatch(/^OXM metadata\.value: .* does not fit in 64 bits$/);
    expect(encodeError(() => write({ field: 'tunnel_id', value: 1n, mask: -1n })).message).toMatch(/^OXM tunnel_id\.mask: /);
    expect(encodeError(() => write({ field: 'tunnel_id', value: 5 })).message).toMatch(/^OXM tunnel_id\.value: needs a bigint/);
  });

  it('a peer value wider than its field is refused at decode with OFPBMC_BAD_VALUE (spec 7.4.4), so nothing decoded fails to encode', () => {
    // PACKET_IN whose match holds vlan_vid 0xffff: 13 bits is all a vlan_vid has.
    const pin: OfMessage = {
      type: 'PACKET_IN', xid: 3, bufferId: 0xffffffff, totalLen: 0, reason: 0, tableId: 0, cookie: 0n,
      match: [{ field: 'vlan_vid', value: 0x1fff }], data: Buffer.alloc(0),
    };
    const bytes = encodeMessage(pin);
    expect(decodeMessage(bytes)).toMatchObject({ match: [{ field: 'vlan_vid', value: 0x1fff }] });
    bytes.writeUInt16BE(0xffff, 24 + 4 + 4); // the OXM payload after match and OXM headers
    const err = decodeError(() => decodeMessage(bytes));
    expect(err).toMatchObject({ code: 'BAD_MATCH', ofErrorType: OFPET_BAD_MATCH, ofErrorCode: OFPBMC_BAD_VALUE, xid: 3 });
    expect(err.message).toContain('vlan_vid value 65535 does not fit in 13 bits');
  });

  it('a mask wider than its field is refused with OFPBMC_BAD_MASK', () => {
    const fm = encodeMessage({
      type: 'PACKET_IN', xid: 4, bufferId: 0xffffffff, totalLen: 0, reason: 0, tableId: 0, cookie: 0n,
      match: [{ field: 'ip_dscp', value: 1, mask: 0x3f }], data: Buffer.alloc(0),
    });
    fm[24 + 4 + 4 + 1] = 0xff; // the mask byte after the one-byte value
    expect(decodeError(() => decodeMessage(fm))).toMatchObject({ ofErrorType: OFPET_BAD_MATCH, ofErrorCode: OFPBMC_BAD_MASK });
  });

  it('inside a set_field action the same value is OFPBAC_BAD_SET_ARGUMENT', () => {
    const po = encodeMessage({
      type: 'PACKET_OUT', xid: 5, bufferId: 0xffffffff, inPort: 0xfffffffd,
      actions: [{ type: 'SET_FIELD', field: { field: 'mpls_label', value: 5 } }], data: Buffer.alloc(0),
    });
    // PACKET_OUT header 24 bytes, action header 4, OXM header 4: the 4-byte label follows.
    po.writeUInt32BE(0xffffffff, 24 + 4 + 4);
    expect(decodeError(() => decodeMessage(po))).toMatchObject({ ofErrorType: OFPET_BAD_ACTION, ofErrorCode: OFPBAC_BAD_SET_ARGUMENT });
  });
});

describe('every integer of every sample message is checked', () => {
  /** Paths of the number and bigint leaves the encoder writes: Buffers are opaque and
   * RAW structures are written from their bytes, so their numbers are not leaves. */
  function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
    if (typeof value === 'number' || typeof value === 'bigint') return [path];
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return [];
    if ('raw' in value) return [];
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [i, v]) : Object.entries(value);
    return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }

  const lastKey = (path: ReadonlyArray<string | number>): string =>
    String([...path].reverse().find((k) => typeof k === 'string'));

  const cases = sampleMessages.flatMap((msg) => leaves(msg).map((path) => [`${msg.type} xid=${msg.xid} ${path.join('.')}`, msg, path] as const));

  it('has many leaves to try', () => {
    expect(cases.length).toBeGreaterThan(400);
  });

  it.each(cases)('%s', (_name, msg, path) => {
    expect(() => encodeMessage(msg)).not.toThrow();
    const original = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], msg);
    const bad = typeof original === 'bigint' ? [2n ** 64n, -1n, 5, '5'] : [2 ** 32, -1, 1.5, NaN, '7', 5n];
    // The error names the field: ".key:" or ".key[i]:" (async config masks).
    const named = new RegExp(`\\.${lastKey(path)}(\\[\\d\\])?: `);
    for (const v of bad) {
      const err = encodeError(() => encodeMessage(withValue(msg, path, v)));
      expect(err.message).toMatch(named);
    }
  });
});
