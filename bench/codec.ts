// `npm run bench:codec [-- --rounds N --ms M]`: decode and encode rates of the OpenFlow codec for the
// two messages on the hot path (PACKET_IN in, FLOW_MOD out), each next to a
// hand-written single-message reader/writer measured in the same run (see README.md).
import { isDeepStrictEqual } from 'node:util';
import { decodeMessage, encodedLength, encodeMessage, encodeMessageInto } from '../southbound/codec';
import { readFlowModMinimal, readPacketInMinimal, writeFlowModMinimal, writePacketInMinimal } from './codec-reference';
import { Case, formatRate, measureAll, Rate } from './codec-measure';
import { FLOW_MOD, PACKET_IN, TCP_PACKET } from './codec-messages';

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
  const result = {
    rounds, ms,
    cases: Object.fromEntries(rows.map(({ rate, reference, target }) => [rate.name, {
      perSecond: Math.round(rate.opsPerSec),
      reference: reference?.name ?? null,
      referencePerSecond: reference ? Math.round(reference.opsPerSec) : null,
      ratioVsReference: reference ? Number((rate.opsPerSec / reference.opsPerSec).toFixed(3)) : null,
      target: target ?? null,
      met: target === undefined ? null : rate.opsPerSec >= target,
    }])),
    allTargetsMet: missed.length === 0,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main();
