// The simplest reactive controller that does what bench:site needs, for comparison with
// slr on the same network in the same run. It uses the project's OpenFlow codec and
// nothing else of the project. Per switch: HELLO, FEATURES_REQUEST, the VIP packet-in
// rules (a TCP SYN rule above a catch-all, as slr installs them) and an ARP rule for the
// VIP. Per PACKET_IN: an ARP request for the VIP gets a reply; a TCP packet to VIP:port
// gets a fixed choice of server (client port modulo the number of servers), the same
// exact-match pin flow slr installs (priority, match, idle timeout, SEND_FLOW_REM,
// set eth_dst + output) and a PACKET_OUT of the packet. Everything it sends in answer to
// one socket read leaves in one write. No state, no logging per packet.
//
//   node dist/bench/reference/reference-controller.js --vip 10.0.0.100 --vip-port 80
//     --target 00:00:00:00:03:01@1 [--target MAC@PORT ...] [--port 0] [--vip-mac MAC]
//     [--idle-timeout 60] [--no-syn-rule]
// Prints {"msg":"listening","port":N} and, per switch once its rules are in, {"msg":"ready","dpid":"..."}.
import net from 'node:net';
import {
  decodeMessage, encodeMessage, OfFramer, OFP_NO_BUFFER, OFPCML_NO_BUFFER, OFPFF_SEND_FLOW_REM, OFPP_ANY,
  OFPG_ANY, OFPP_CONTROLLER, type Action, type FlowMod, type Match, type OfMessage, type OxmRawField,
} from '../../southbound/codec';

export interface ReferenceOptions {
  port: number;
  vip: string;
  vipPort: number;
  vipMac: string;
  targets: { mac: string; port: number }[];
  idleTimeout: number;
  synRule: boolean;
  /** A switch's rules are in (default: print the ready line). */
  onReady?: (dpid: string) => void;
}

const COOKIE = 0x5245460000000000n; // "REF"
const PIN_PRIORITY = 1000;
const PACKET_IN_PRIORITY = 100;
const TO_CONTROLLER: Action[] = [{ type: 'OUTPUT', port: OFPP_CONTROLLER, maxLen: OFPCML_NO_BUFFER }];
/** tcp_flags SYN/SYN, OVS's ONF extension OXM (EXT-109) in OpenFlow 1.3. */
const TCP_SYN: OxmRawField = { field: 'raw', oxmClass: 0xffff, oxmField: 42, hasMask: true, raw: Buffer.from('ffff55084f4e460000020002', 'hex') };

export function parseArgs(argv: string[]): ReferenceOptions {
  const o: ReferenceOptions = { port: 0, vip: '', vipPort: 80, vipMac: '02:00:00:00:00:01', targets: [], idleTimeout: 60, synRule: true };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1] ?? '';
    switch (argv[i]) {
      case '--port': o.port = Number(v); i++; break;
      case '--vip': o.vip = v; i++; break;
      case '--vip-port': o.vipPort = Number(v); i++; break;
      case '--vip-mac': o.vipMac = v; i++; break;
      case '--idle-timeout': o.idleTimeout = Number(v); i++; break;
      case '--no-syn-rule': o.synRule = false; break;
      case '--target': {
        const [mac, port] = v.split('@');
        o.targets.push({ mac, port: Number(port) });
        i++;
        break;
      }
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.vip || o.targets.length === 0) throw new Error('--vip and at least one --target are required');
  return o;
}

function flowMod(priority: number, match: Match, actions: Action[], idleTimeout = 0, flags = 0): FlowMod {
  return {
    type: 'FLOW_MOD', xid: 0, cookie: COOKIE, cookieMask: 0n, tableId: 0, command: 0, idleTimeout, hardTimeout: 0,
    priority, bufferId: OFP_NO_BUFFER, outPort: OFPP_ANY, outGroup: OFPG_ANY, flags, match,
    instructions: [{ type: 'APPLY_ACTIONS', actions }],
  };
}

function rules(o: ReferenceOptions): OfMessage[] {
  const vip: Match = [{ field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'ipv4_dst', value: o.vip }, { field: 'tcp_dst', value: o.vipPort }];
  const arp: Match = [{ field: 'eth_type', value: 0x0806 }, { field: 'arp_op', value: 1 }, { field: 'arp_tpa', value: o.vip }];
  return [
    ...(o.synRule ? [flowMod(PACKET_IN_PRIORITY + 1, [...vip, TCP_SYN], TO_CONTROLLER)] : []),
    flowMod(PACKET_IN_PRIORITY, vip, TO_CONTROLLER),
    flowMod(PACKET_IN_PRIORITY, arp, TO_CONTROLLER),
  ];
}

const ipText = (b: Buffer, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const macBytes = (mac: string): Buffer => Buffer.from(mac.replace(/:/g, ''), 'hex');

function arpReply(o: ReferenceOptions, req: Buffer): Buffer {
  const r = Buffer.alloc(42);
  req.copy(r, 0, 6, 12); // to the requester
  macBytes(o.vipMac).copy(r, 6);
  r.writeUInt16BE(0x0806, 12);
  Buffer.from([0, 1, 8, 0, 6, 4, 0, 2]).copy(r, 14);
  macBytes(o.vipMac).copy(r, 22);
  req.copy(r, 28, 38, 42); // sender IP: the VIP that was asked for
  req.copy(r, 32, 22, 32); // target: the requester's MAC and IP
  return r;
}

/** The answer to one PACKET_IN: ARP reply, or pin flow + PACKET_OUT; nothing for anything else. */
function onPacketIn(o: ReferenceOptions, inPort: number, d: Buffer, out: OfMessage[]): void {
  if (d.length < 42) return;
  const ethType = d.readUInt16BE(12);
  if (ethType === 0x0806) {
    if (d.readUInt16BE(20) === 1 && ipText(d, 38) === o.vip) {
      out.push({ type: 'PACKET_OUT', xid: 0, bufferId: OFP_NO_BUFFER, inPort: OFPP_CONTROLLER, actions: [{ type: 'OUTPUT', port: inPort, maxLen: 0 }], data: arpReply(o, d) });
    }
    return;
  }
  if (ethType !== 0x0800 || d[23] !== 6 || ipText(d, 30) !== o.vip) return;
  const tcp = 14 + (d[14] & 0x0f) * 4;
  if (d.length < tcp + 4 || d.readUInt16BE(tcp + 2) !== o.vipPort) return;
  const srcPort = d.readUInt16BE(tcp);
  const target = o.targets[srcPort % o.targets.length];
  const actions: Action[] = [{ type: 'SET_FIELD', field: { field: 'eth_dst', value: target.mac } }, { type: 'OUTPUT', port: target.port, maxLen: 0 }];
  const match: Match = [
    { field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'ipv4_src', value: ipText(d, 26) },
    { field: 'ipv4_dst', value: o.vip }, { field: 'tcp_src', value: srcPort }, { field: 'tcp_dst', value: o.vipPort },
  ];
  out.push(flowMod(PIN_PRIORITY, match, actions, o.idleTimeout, OFPFF_SEND_FLOW_REM));
  out.push({ type: 'PACKET_OUT', xid: 0, bufferId: OFP_NO_BUFFER, inPort, actions, data: d });
}

function serve(o: ReferenceOptions, sock: net.Socket): void {
  sock.setNoDelay(true);
  const framer = new OfFramer();
  let dpid = '';
  const send = (msgs: OfMessage[]): void => {
    if (msgs.length > 0) sock.write(msgs.length === 1 ? encodeMessage(msgs[0]) : Buffer.concat(msgs.map(encodeMessage)));
  };
  send([{ type: 'HELLO', xid: 1, elements: [] }, { type: 'FEATURES_REQUEST', xid: 2 }]);
  sock.on('data', (chunk: Buffer) => {
    const out: OfMessage[] = [];
    try {
      framer.push(chunk);
      for (let f = framer.next(); f !== null; f = framer.next()) {
        const m = decodeMessage(f);
        if (m.type === 'PACKET_IN') {
          const inPort = m.match.find((x) => x.field === 'in_port');
          if (inPort && inPort.field !== 'raw') onPacketIn(o, Number(inPort.value), m.data, out);
        } else if (m.type === 'ECHO_REQUEST') {
          out.push({ type: 'ECHO_REPLY', xid: m.xid, data: m.data });
        } else if (m.type === 'FEATURES_REPLY') {
          dpid = m.datapathId.toString(16).padStart(16, '0');
          out.push(...rules(o), { type: 'BARRIER_REQUEST', xid: 3 });
        } else if (m.type === 'BARRIER_REPLY' && m.xid === 3) {
          (o.onReady ?? ((id: string) => process.stdout.write(`${JSON.stringify({ msg: 'ready', dpid: id })}\n`)))(dpid);
        } else if (m.type === 'ERROR') {
          process.stderr.write(`${JSON.stringify({ msg: 'switch error', dpid, errType: m.errType, errCode: m.errCode })}\n`);
        }
      }
    } catch (err) {
      process.stderr.write(`${JSON.stringify({ msg: 'closing connection', dpid, err: String(err) })}\n`);
      sock.destroy();
      return;
    }
    send(out);
  });
  sock.on('error', () => sock.destroy());
}

/** Listens on 127.0.0.1:o.port (0: any); resolves with the server once listening. */
export function startReferenceController(o: ReferenceOptions): Promise<net.Server> {
  const server = net.createServer((sock) => serve(o, sock));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve(server));
  });
}

if (require.main === module) {
  startReferenceController(parseArgs(process.argv.slice(2))).then((server) => {
    process.stdout.write(`${JSON.stringify({ msg: 'listening', port: (server.address() as net.AddressInfo).port })}\n`);
    const stop = (): void => { server.close(); process.exit(0); };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  }, (err: unknown) => {
    process.stderr.write(`reference controller: ${String(err)}\n`);
    process.exit(1);
  });
}
