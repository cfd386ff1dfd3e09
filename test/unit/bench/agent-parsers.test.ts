// The agent's byte scanner (agent/socket-scan.ts) counts exactly what the text parser it
// replaced (bench/agent/proc-net-tcp-text.ts, bench:agent's reference) counts, on
// generated /proc/net/tcp and tcp6 tables in the kernel's line format.
import { EstablishedCounter, type SocketFilter } from '../../../agent/socket-scan';
import { parseCidr } from '../../../controller/net';
import { countEstablished, parseProcNetTcp } from '../../../bench/agent/proc-net-tcp-text';

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

const hex = (v: number, w: number): string => v.toString(16).toUpperCase().padStart(w, '0');
/** A 32-bit word as the kernel prints it on a little-endian machine (bytes reversed). */
const word = (v: number): string => hex(((v & 0xff) << 24 | (v & 0xff00) << 8 | (v >>> 8) & 0xff00 | v >>> 24) >>> 0, 8);

function table(n: number, six: boolean, r: () => number): string {
  const locals4 = [0xc0c80005, 0xc0c80007, 0xc0c90005, 0x0a000001, 0x7f000001, 0x0a000064];
  const states = ['01', '01', '06', '06', '06', '0A', '08', '02'];
  const ports = [80, 443, 8080, 22, 40000];
  let out = six ? '  sl  local_address                         remote_address                        st tx_queue rx_queue\n'
    : '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  for (let i = 0; i < n; i++) {
    const l4 = locals4[Math.floor(r() * locals4.length)];
    let local: string;
    if (!six) local = word(l4);
    else if (r() < 0.5) local = `${word(0)}${word(0)}${word(0xffff)}${word(l4)}`;
    else local = `${word(0x20010db8)}${word(0)}${word(0)}${word(1 + Math.floor(r() * 3))}`;
    const remote = six ? `${word(0)}${word(0)}${word(0xffff)}${word(0x0a000002)}` : word(0x0a000002);
    const port = ports[Math.floor(r() * ports.length)];
    const st = states[Math.floor(r() * states.length)];
    out += `${String(i).padStart(4)}: ${local}:${hex(port, 4)} ${remote}:${hex(32768 + i % 20000, 4)} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${1000 + i} 1 0000000000000000 20 4 30 10 -1\n`;
  }
  return out;
}

describe('byte scanner against the text parser', () => {
  const filters: SocketFilter[] = [
    { ports: new Set([80]), subnet: parseCidr('192.200.0.0/16')! },
    { ports: new Set([80, 443]), subnet: parseCidr('192.200.0.5/32')! },
    { ports: new Set([80]), subnet: parseCidr('2001:db8::/32')! },
    { ports: new Set([80, 8080]) },
    { ports: new Set([22]), subnet: parseCidr('0.0.0.0/0')! },
    { ports: new Set([443]), subnet: parseCidr('10.0.0.0/8')! },
  ];

  it.each([1, 2, 3])('agrees on generated tables (seed %i)', (seed) => {
    const r = rng(seed);
    const texts = [table(5000, false, r), table(3000, true, r)];
    const counter = new EstablishedCounter(filters, true);
    const counts = filters.map(() => 0);
    for (const t of texts) {
      const b = Buffer.from(t);
      counter.scan(b, b.length, counts);
    }
    const entries = texts.flatMap((t) => parseProcNetTcp(t, true));
    const expected = filters.map((f) => countEstablished(entries, f));
    expect(counts).toEqual(expected);
    expect(expected.every((n) => n > 0)).toBe(true);
  });
});
