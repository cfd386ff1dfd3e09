// Sends one ICMP message from a local address (a VIP) through a raw socket. Node has no
// raw sockets, so a three-line Python program does the send; the message itself (header,
// checksum, data) is built in TypeScript (controller/net). It needs CAP_NET_RAW, which an
// agent that manages routes has anyway. Rare: one run per stalled connection and repeatMs.
import type { CommandRunner } from './command-runner';
import type { IcmpSender } from './flow-advertiser';

export const PYTHON = '/usr/bin/python3';

const SEND_RAW = [
  'import socket, sys',
  's = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)',
  's.bind((sys.argv[1], 0))',
  's.sendto(bytes.fromhex(sys.argv[3]), (sys.argv[2], 0))',
].join('\n');

export function rawIcmpSender(run: CommandRunner, python = PYTHON): IcmpSender {
  return async (src, dst, icmp) => {
    const r = await run(python, ['-c', SEND_RAW, src, dst, icmp.toString('hex')]);
    if (r.code !== 0) throw new Error(`${python} raw send exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
  };
}
