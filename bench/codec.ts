// `npm run bench:codec [-- --rounds N --ms M]`: decode and encode rates of the OpenFlow codec for the
// two messages on the hot path (PACKET_IN in, FLOW_MOD out), each next to a
// hand-written single-message reader/writer measured in the same run (see README.md).
import { isDeepStrictEqual } from 'node:util';
import { decodeMessage, encodedLength, encodeMessage, encodeMessageInto } from '../southbound/codec';
import type { FlowMod, PacketIn } from '../southbound/codec/types';
import { readFlowModMinimal, readPacketInMinimal, writeFlowModMinimal, writePacketInMinimal } from './codec-reference';
import { Case, formatRate, measureAll, Rate } from './codec-measure';

/** 118 bytes: Ethernet + IPv4 + TCP + 64 bytes of payload (ovs-ofctl compose-packet). */
const TCP_PACKET = Buffer.from(
  '000000000002000000000001080045000068000000000006efbd0a000001c0c8000a9c40005000000000' +
  '0000000050000000643d0000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d' +
  '1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f', 'hex');

const PACKET_IN: PacketIn = {
  type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: TCP_PACKET.length, reason: 0, tableId: 0,
  cookie: 0n, match: [{ field: 'in_port', value: 1 }], data: TCP_PACKET,
};

const FLOW_MOD: FlowMod = {
  type: 'FLOW_MOD', xid: 7, cookie: 0x1000000000000001n, cookieMask: 0n, tableId: 0, command: 0,
  idleTimeout: 0, hardTimeout: 300, priority: 1000, bufferId: 0xffffffff, outPort: 0xffffffff,
  outGroup: 0xffffffff, flags: 0,
  match: [
    { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 },
    { field: 'ipv4_src', value: '10.0.0.1' }, { field: 'ipv4_dst', value: '192.200.0.10' },
    { field: 'tcp_src', value: 40000 }, { field: 'tcp_dst', value: 80 },
  ],
  instructions: [{
    type: 'APPLY_ACTIONS', actions: [
      { type: 'PUSH_MPLS', ethertype: 0x8847 },
      { type: 'SET_FIELD', field: { field: 'mpls_label', value: 1000 } },
      { type: 'OUTPUT', port: 2, maxLen: 0 },
    ],
  }],
};

const DECODE_TARGET = 2e6;
const ENCODE_TARGET = 1e6;

interface Row { rate: Rate; reference?: Rate; target?: number }

function numberOption(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** The references must produce what the codec produces, or the comparison is void. */
function checkReferences(pinBytes: Buffer, fmBytes: Buffer): void {
  const same = (what: string, a: unknown, b: unknown): void => {
    if (!isDeepStrictEqual(a, b)) throw new Error(`reference ${what} disagrees with the codec`);
  };
  same('PACKET_IN read', readPacketInMinimal(pinBytes), decodeMessage(pinBytes));
  same('FLOW_MOD read', readFlowModMinimal(fmBytes), decodeMessage(fmBytes));
  same('PACKET_IN write', writePacketInMinimal(PACKET_IN), pinBytes);
  same('FLOW_MOD write', writeFlowModMinimal(FLOW_MOD), fmBytes);
}

function table(rows: Row[]): string {
  const head = ['case', 'rate', 'ns/op', 'reference', 'ref rate', 'codec/ref', 'target'];
  const lines = rows.map(({ rate, reference, target }) => [
    rate.name, formatRate(rate.opsPerSec), rate.nsPerOp.toFixed(0),
    reference?.name ?? '-', reference ? formatRate(reference.opsPerSec) : '-',
    reference ? `${((rate.opsPerSec / reference.opsPerSec) * 100).toFixed(0)}%` : '-',
    target === undefined ? '-' : `${rate.opsPerSec >= target ? 'MET' : 'MISSED'} (>= ${formatRate(target)})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  const rounds = numberOption(argv, '--rounds', 5);
  const ms = numberOption(argv, '--ms', 200);
  const pinBytes = encodeMessage(PACKET_IN);
  const fmBytes = encodeMessage(FLOW_MOD);
  checkReferences(pinBytes, fmBytes);
  const pinOut = Buffer.allocUnsafe(encodedLength(PACKET_IN));
  const fmOut = Buffer.allocUnsafe(encodedLength(FLOW_MOD));

  const cases: Case[] = [
    { name: 'PACKET_IN decode', op: () => decodeMessage(pinBytes) },
    { name: 'PACKET_IN minimal reader', op: () => readPacketInMinimal(pinBytes) },
    { name: 'PACKET_IN encode', op: () => encodeMessage(PACKET_IN) },
    { name: 'PACKET_IN encodeInto', op: () => encodeMessageInto(PACKET_IN, pinOut, 0) },
    { name: 'PACKET_IN minimal writer', op: () => writePacketInMinimal(PACKET_IN) },
    { name: 'FLOW_MOD decode', op: () => decodeMessage(fmBytes) },
    { name: 'FLOW_MOD minimal reader', op: () => readFlowModMinimal(fmBytes) },
    { name: 'FLOW_MOD encode', op: () => encodeMessage(FLOW_MOD) },
    { name: 'FLOW_MOD encodeInto', op: () => encodeMessageInto(FLOW_MOD, fmOut, 0) },
    { name: 'FLOW_MOD minimal writer', op: () => writeFlowModMinimal(FLOW_MOD) },
    { name: 'Buffer.from copy of PACKET_IN', op: () => Buffer.from(pinBytes) },
  ];
  const r = measureAll(cases, rounds, ms);
  const get = (name: string): Rate => r.get(name) as Rate;
  const rows: Row[] = [
    { rate: get('PACKET_IN decode'), reference: get('PACKET_IN minimal reader'), target: DECODE_TARGET },
    { rate: get('PACKET_IN encode'), reference: get('PACKET_IN minimal writer'), target: ENCODE_TARGET },
    { rate: get('PACKET_IN encodeInto'), reference: get('PACKET_IN minimal writer'), target: ENCODE_TARGET },
    { rate: get('FLOW_MOD decode'), reference: get('FLOW_MOD minimal reader'), target: DECODE_TARGET },
    { rate: get('FLOW_MOD encode'), reference: get('FLOW_MOD minimal writer'), target: ENCODE_TARGET },
    { rate: get('FLOW_MOD encodeInto'), reference: get('FLOW_MOD minimal writer'), target: ENCODE_TARGET },
    { rate: get('Buffer.from copy of PACKET_IN') },
  ];

  process.stdout.write(`OpenFlow codec benchmark (node ${process.version}, one core, best of ${rounds} rounds of ${ms} ms per case)\n`);
  process.stdout.write(`PACKET_IN ${pinBytes.length} bytes (${TCP_PACKET.length}-byte TCP frame, match in_port); ` +
    `FLOW_MOD ${fmBytes.length} bytes (5-tuple, push_mpls + set_field + output)\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  const missed = rows.filter((row) => row.target !== undefined && row.rate.opsPerSec < row.target);
  process.stdout.write(missed.length === 0 ? '\nall targets met\n' : `\n${missed.length} target(s) missed\n`);
}

main();
