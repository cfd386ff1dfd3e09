// The OpenFlow basic OXM fields (spec 7.2.3.7, table 12): number, payload size, width
// in bits and how the value is shown (number, bigint or address text).

import type { OxmFieldName } from './types';

/** How a field's bytes map to an OxmValue. */
export type OxmValueKind = 'uint' | 'u64' | 'mac' | 'ipv4' | 'ipv6';

export interface OxmFieldDef {
  readonly name: OxmFieldName;
  /** oxm_field number within class OFPXMC_OPENFLOW_BASIC. */
  readonly num: number;
  /** Payload bytes of the value alone (the mask, when present, is as long again). */
  readonly size: number;
  /** Bits the field really has (table 12), in the low-order bits of its `size` bytes:
   * vlan_vid is 13 (12-bit VID plus OFPVID_PRESENT) in 2 bytes. The encoder refuses
   * values and masks above `max`, and so does the decoder (OFPBMC_BAD_VALUE/BAD_MASK). */
  readonly bits: number;
  /** 2^bits - 1 for 'uint' fields (the largest value or mask that fits). */
  readonly max: number;
  /** Names used in encode errors, built once: "OXM vlan_vid.value", "OXM vlan_vid.mask". */
  readonly valueName: string;
  readonly maskName: string;
  readonly kind: OxmValueKind;
  /** Whether the spec allows a mask (informative: the decoder accepts masks anywhere so
   * that any well-formed TLV round-trips; the switch judges OFPBMC_BAD_MASK). */
  readonly maskable: boolean;
}

function def(name: OxmFieldName, num: number, size: number, bits: number, kind: OxmValueKind, maskable: boolean): OxmFieldDef {
  const max = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  return { name, num, size, bits, max, kind, maskable, valueName: `OXM ${name}.value`, maskName: `OXM ${name}.mask` };
}

export const OXM_FIELD_DEFS: readonly OxmFieldDef[] = [
  def('in_port', 0, 4, 32, 'uint', false),
  def('in_phy_port', 1, 4, 32, 'uint', false),
  def('metadata', 2, 8, 64, 'u64', true),
  def('eth_dst', 3, 6, 48, 'mac', true),
  def('eth_src', 4, 6, 48, 'mac', true),
  def('eth_type', 5, 2, 16, 'uint', false),
  def('vlan_vid', 6, 2, 13, 'uint', true),
  def('vlan_pcp', 7, 1, 3, 'uint', false),
  def('ip_dscp', 8, 1, 6, 'uint', false),
  def('ip_ecn', 9, 1, 2, 'uint', false),
  def('ip_proto', 10, 1, 8, 'uint', false),
  def('ipv4_src', 11, 4, 32, 'ipv4', true),
  def('ipv4_dst', 12, 4, 32, 'ipv4', true),
  def('tcp_src', 13, 2, 16, 'uint', false),
  def('tcp_dst', 14, 2, 16, 'uint', false),
  def('udp_src', 15, 2, 16, 'uint', false),
  def('udp_dst', 16, 2, 16, 'uint', false),
  def('sctp_src', 17, 2, 16, 'uint', false),
  def('sctp_dst', 18, 2, 16, 'uint', false),
  def('icmpv4_type', 19, 1, 8, 'uint', false),
  def('icmpv4_code', 20, 1, 8, 'uint', false),
  def('arp_op', 21, 2, 16, 'uint', false),
  def('arp_spa', 22, 4, 32, 'ipv4', true),
  def('arp_tpa', 23, 4, 32, 'ipv4', true),
  def('arp_sha', 24, 6, 48, 'mac', true),
  def('arp_tha', 25, 6, 48, 'mac', true),
  def('ipv6_src', 26, 16, 128, 'ipv6', true),
  def('ipv6_dst', 27, 16, 128, 'ipv6', true),
  def('ipv6_flabel', 28, 4, 20, 'uint', true),
  def('icmpv6_type', 29, 1, 8, 'uint', false),
  def('icmpv6_code', 30, 1, 8, 'uint', false),
  def('ipv6_nd_target', 31, 16, 128, 'ipv6', false),
  def('ipv6_nd_sll', 32, 6, 48, 'mac', false),
  def('ipv6_nd_tll', 33, 6, 48, 'mac', false),
  def('mpls_label', 34, 4, 20, 'uint', false),
  def('mpls_tc', 35, 1, 3, 'uint', false),
  def('mpls_bos', 36, 1, 1, 'uint', false),
  def('pbb_isid', 37, 3, 24, 'uint', true),
  def('tunnel_id', 38, 8, 64, 'u64', true),
  def('ipv6_exthdr', 39, 2, 9, 'uint', true),
];

/** Indexed by oxm_field number (0..127); undefined for numbers the spec does not define. */
export const OXM_FIELD_BY_NUM: ReadonlyArray<OxmFieldDef | undefined> = (() => {
  const table = new Array<OxmFieldDef | undefined>(128).fill(undefined);
  for (const d of OXM_FIELD_DEFS) table[d.num] = d;
  return table;
})();

export const OXM_FIELD_BY_NAME: Readonly<Record<OxmFieldName, OxmFieldDef>> = (() => {
  const table = {} as Record<OxmFieldName, OxmFieldDef>;
  for (const d of OXM_FIELD_DEFS) table[d.name] = d;
  return table;
})();
