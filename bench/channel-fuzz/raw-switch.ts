// A lean emulated OpenFlow 1.3 switch for the hostile-switch tool: it answers the
// controller's handshake and keepalive by looking at header bytes (only multipart
// requests are decoded), stores nothing, and lets its owner write any bytes. The
// test suite's FakeSwitch records every message; under a flood that would measure
// the tool, not the controller.
import * as net from 'node:net';
import { decodeMessage, encodeMessage, OfFramer } from '../../southbound/codec';
import type { MultipartReply, OfMessage, Port } from '../../southbound/codec/types';

const T = { HELLO: 0, ERROR: 1, ECHO_REQUEST: 2, FEATURES_REQUEST: 5, MULTIPART_REQUEST: 18, BARRIER_REQUEST: 20, ROLE_REQUEST: 24 } as const;

export const HELLO_13 = Buffer.from('04000010000000010001000800000010', 'hex');

function port(no: number): Port {
  return {
    portNo: no, hwAddr: `02:00:00:00:00:${no.toString(16).padStart(2, '0')}`, name: `p${no}`, config: 0, state: 0,
    curr: 0x840, advertised: 0, supported: 0, peer: 0, currSpeed: 1_000_000, maxSpeed: 1_000_000,
  };
}

export interface RawSwitchOptions {
  dpid: bigint;
  /** Send our HELLO at connect (default true). */
  hello?: boolean;
  /** Answer the handshake and echoes (default true). */
  answer?: boolean;
  /** Read what the controller sends (default true); false = a peer that never reads. */
  read?: boolean;
}

export class RawSwitch {
  readonly socket: net.Socket;
  /** Resolves when the controller's handshake reached our BARRIER_REPLY (READY follows). */
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;
  isClosed = false;
  bytesIn = 0;
  framesIn = 0;
  /** ERRORs the controller sent us: [type, code]. */
  readonly errorsIn: Array<[number, number]> = [];
  /** Called for every frame from the controller, after the built-in answers. */
  onFrame: (type: number, frame: Buffer) => void = () => {};
  private readonly framer = new OfFramer();
  private markReady: () => void = () => {};

  constructor(host: string, portNo: number, private readonly opts: RawSwitchOptions) {
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
    this.socket = net.connect({ host, port: portNo });
    this.socket.setNoDelay(true);
    this.closed = new Promise((resolve) => this.socket.once('close', () => { this.isClosed = true; resolve(); }));
    this.socket.on('error', () => { /* a reset is an outcome the caller looks at */ });
    if (opts.read === false) this.socket.pause();
    else this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    if (opts.hello !== false) this.socket.write(HELLO_13);
  }

  /** Connected and through the handshake, or rejects after `timeoutMs`. */
  static async open(host: string, portNo: number, opts: RawSwitchOptions, timeoutMs = 10_000): Promise<RawSwitch> {
    const sw = new RawSwitch(host, portNo, opts);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`switch ${opts.dpid} not through the handshake in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([sw.ready, timeout, sw.closed.then(() => { throw new Error(`switch ${opts.dpid} closed during the handshake`); })]);
    } finally {
      clearTimeout(timer);
    }
    return sw;
  }

  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  send(msg: OfMessage): boolean {
    return this.socket.write(encodeMessage(msg));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    this.framer.push(chunk);
    for (;;) {
      let frame: Buffer | null;
      try {
        frame = this.framer.next();
      } catch {
        this.close();
        return;
      }
      if (frame === null) return;
      this.framesIn++;
      const type = frame[1];
      if (type === T.ERROR && frame.length >= 12) this.errorsIn.push([frame.readUInt16BE(8), frame.readUInt16BE(10)]);
      if (this.opts.answer !== false) this.answer(type, frame);
      this.onFrame(type, frame);
    }
  }

  private answer(type: number, frame: Buffer): void {
    const xid = frame.readUInt32BE(4);
    switch (type) {
      case T.ECHO_REQUEST: {
        const reply = Buffer.from(frame);
        reply[1] = 3;
        this.socket.write(reply);
        return;
      }
      case T.FEATURES_REQUEST:
        this.send({ type: 'FEATURES_REPLY', xid, datapathId: this.opts.dpid, nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 });
        return;
      case T.MULTIPART_REQUEST:
        for (const part of this.multipart(frame, xid)) this.send(part);
        return;
      case T.BARRIER_REQUEST:
        this.send({ type: 'BARRIER_REPLY', xid });
        this.markReady();
        return;
      case T.ROLE_REQUEST: {
        const reply = Buffer.from(frame);
        reply[1] = 25;
        this.socket.write(reply);
        return;
      }
      default:
    }
  }

  private multipart(frame: Buffer, xid: number): MultipartReply[] {
    let mpType: string;
    try {
      const msg = decodeMessage(frame);
      if (msg.type !== 'MULTIPART_REQUEST') return [];
      mpType = msg.mpType;
    } catch {
      return [];
    }
    switch (mpType) {
      case 'PORT_DESC': return [{ type: 'MULTIPART_REPLY', xid, flags: 0, mpType: 'PORT_DESC', body: [port(1), port(2), port(3)] }];
      case 'FLOW': return [{ type: 'MULTIPART_REPLY', xid, flags: 0, mpType: 'FLOW', body: [] }];
      case 'DESC': return [{ type: 'MULTIPART_REPLY', xid, flags: 0, mpType: 'DESC', body: { mfrDesc: 'slr fuzz', hwDesc: 'raw switch', swDesc: '0', serialNum: '0', dpDesc: String(this.opts.dpid) } }];
      default: return [];
    }
  }
}

/** A PACKET_IN as a switch sends it for a new flow: table miss, whole packet, in_port. */
export function packetInBytes(xid: number, srcMac: number, dstMac: number, inPort = 1): Buffer {
  const frame = Buffer.alloc(60);
  frame.writeUIntBE(0x020000000000 + dstMac, 0, 6);
  frame.writeUIntBE(0x020000000000 + srcMac, 6, 6);
  frame.writeUInt16BE(0x0800, 12);
  return encodeMessage({
    type: 'PACKET_IN', xid, bufferId: 0xffffffff, totalLen: frame.length, reason: 0, tableId: 0, cookie: 0n,
    match: [{ field: 'in_port', value: inPort }], data: frame,
  });
}
