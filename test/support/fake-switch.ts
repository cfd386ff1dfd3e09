// An emulated OpenFlow 1.3 switch for tests: it speaks to a controller over any
// Duplex (a TCP or TLS socket, or an in-memory pair), answers the handshake and the
// usual requests on its own, records everything it receives, and lets a test send
// any message or raw bytes. It uses the project's codec; tests that must not trust
// the codec should look at `rawFrames`.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { decodeMessage, encodeMessage, OfFramer } from '../../southbound/codec';
import type { MultipartReply, OfMessage, OfMessageType, Port } from '../../southbound/codec/types';

export interface FakeSwitchOptions {
  datapathId?: bigint;
  ports?: Port[];
  /** How to say HELLO: with a version bitmap (default), header version only, or not at all. */
  hello?: 'bitmap' | 'header-only' | 'none';
  /** Header version of our HELLO (default 4). */
  helloVersion?: number;
  /** Bitmap words of our HELLO (default: only 1.3). */
  helloBitmaps?: number[];
  auxiliaryId?: number;
  /** PORT_DESC reply split into this many parts (default 1). */
  portDescParts?: number;
  /** Request types the switch silently ignores (to provoke timeouts). */
  ignore?: OfMessageType[];
  /** Custom handler; return true when it answered the message itself. */
  onRequest?: (msg: OfMessage, sw: FakeSwitch) => boolean;
}

export function fakePort(portNo: number, name = `p${portNo}`): Port {
  const last = (portNo & 0xff).toString(16).padStart(2, '0');
  return {
    portNo, hwAddr: `02:00:00:00:00:${last}`, name, config: 0, state: 0, curr: 0x840,
    advertised: 0, supported: 0, peer: 0, currSpeed: 1_000_000, maxSpeed: 1_000_000,
  };
}

type Waiter = { pred: (m: OfMessage) => boolean; resolve: (m: OfMessage) => void };

export class FakeSwitch {
  /** Every message received from the controller, decoded, in order. */
  readonly received: OfMessage[] = [];
  /** The same as raw frames (what the codec was given). */
  readonly rawFrames: Buffer[] = [];
  /** Frames the codec refused, with the error text. */
  readonly undecodable: Array<{ frame: Buffer; error: string }> = [];
  readonly closed: Promise<void>;
  missSendLen = 0;
  private readonly framer = new OfFramer();
  private waiters: Waiter[] = [];
  private isClosed = false;
  private readonly opts: Required<Omit<FakeSwitchOptions, 'onRequest'>> & Pick<FakeSwitchOptions, 'onRequest'>;

  constructor(readonly stream: Duplex, options: FakeSwitchOptions = {}) {
    this.opts = {
      datapathId: options.datapathId ?? 1n,
      ports: options.ports ?? [fakePort(1), fakePort(2)],
      hello: options.hello ?? 'bitmap',
      helloVersion: options.helloVersion ?? 4,
      helloBitmaps: options.helloBitmaps ?? [1 << 4],
      auxiliaryId: options.auxiliaryId ?? 0,
      portDescParts: options.portDescParts ?? 1,
      ignore: options.ignore ?? [],
      onRequest: options.onRequest,
    };
    this.closed = new Promise((resolve) => {
      const done = (): void => { this.isClosed = true; resolve(); };
      stream.once('close', done);
      stream.once('end', done);
    });
    stream.on('error', () => { /* a reset from the controller is an expected outcome */ });
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    if (this.opts.hello !== 'none') this.sendHello();
  }

  /** Connect over TCP (or TLS when `tlsOptions` is given) to a listener. */
  static async connect(port: number, options: FakeSwitchOptions = {}, tlsOptions?: tls.ConnectionOptions): Promise<FakeSwitch> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      if (tlsOptions !== undefined) {
        const s = tls.connect({ host: '127.0.0.1', port, ...tlsOptions }, () => resolve(s));
        s.once('error', reject);
      } else {
        const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
        s.once('error', reject);
      }
    });
    return new FakeSwitch(socket, options);
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  send(msg: OfMessage): void {
    this.stream.write(encodeMessage(msg));
  }

  sendRaw(bytes: Buffer): void {
    this.stream.write(bytes);
  }

  sendHello(): void {
    const elements = this.opts.hello === 'bitmap' ? [{ type: 'VERSIONBITMAP' as const, bitmaps: this.opts.helloBitmaps }] : [];
    const bytes = encodeMessage({ type: 'HELLO', xid: 1, elements });
    bytes.writeUInt8(this.opts.helloVersion, 0);
    this.stream.write(bytes);
  }

  /** Resolve with the first received message (past or future) matching `pred`. */
  waitFor(pred: OfMessageType | ((m: OfMessage) => boolean), timeoutMs = 2000): Promise<OfMessage> {
    const test = typeof pred === 'string' ? (m: OfMessage) => m.type === pred : pred;
    const seen = this.received.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`fake switch: no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = { pred: test, resolve: (m) => { clearTimeout(timer); resolve(m); } };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.stream.end();
    this.stream.destroy();
  }

  private onData(chunk: Buffer): void {
    this.framer.push(chunk);
    for (;;) {
      let frame: Buffer | null;
      try {
        frame = this.framer.next();
      } catch (err) {
        this.undecodable.push({ frame: chunk, error: String(err) });
        return;
      }
      if (frame === null) return;
      this.rawFrames.push(Buffer.from(frame));
      let msg: OfMessage;
      try {
        msg = decodeMessage(frame);
      } catch (err) {
        this.undecodable.push({ frame: Buffer.from(frame), error: String(err) });
        continue;
      }
      this.received.push(msg);
      this.answer(msg);
      for (const w of this.waiters.filter((x) => x.pred(msg))) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(msg);
      }
    }
  }

  private answer(msg: OfMessage): void {
    if (this.opts.onRequest?.(msg, this) === true) return;
    if (this.opts.ignore.includes(msg.type)) return;
    const xid = msg.xid;
    switch (msg.type) {
      case 'FEATURES_REQUEST':
        this.send({
          type: 'FEATURES_REPLY', xid, datapathId: this.opts.datapathId, nBuffers: 0, nTables: 254,
          auxiliaryId: this.opts.auxiliaryId, capabilities: 0x4f, reserved: 0,
        });
        return;
      case 'MULTIPART_REQUEST':
        for (const part of this.multipartReply(msg.mpType, xid)) this.send(part);
        return;
      case 'SET_CONFIG':
        this.missSendLen = msg.missSendLen;
        return;
      case 'GET_CONFIG_REQUEST':
        this.send({ type: 'GET_CONFIG_REPLY', xid, flags: 0, missSendLen: this.missSendLen });
        return;
      case 'BARRIER_REQUEST':
        this.send({ type: 'BARRIER_REPLY', xid });
        return;
      case 'ECHO_REQUEST':
        this.send({ type: 'ECHO_REPLY', xid, data: msg.data });
        return;
      case 'ROLE_REQUEST':
        this.send({ type: 'ROLE_REPLY', xid, role: msg.role, generationId: msg.generationId });
        return;
      default:
        return;
    }
  }

  private multipartReply(mpType: string, xid: number): MultipartReply[] {
    if (mpType === 'PORT_DESC') {
      const n = Math.max(1, this.opts.portDescParts);
      const ports = this.opts.ports;
      const per = Math.ceil(ports.length / n);
      const parts: MultipartReply[] = [];
      for (let i = 0; i < n; i++) {
        const body = ports.slice(i * per, (i + 1) * per);
        parts.push({ type: 'MULTIPART_REPLY', xid, flags: i < n - 1 ? 1 : 0, mpType: 'PORT_DESC', body });
      }
      return parts;
    }
    if (mpType === 'DESC') {
      return [{
        type: 'MULTIPART_REPLY', xid, flags: 0, mpType: 'DESC',
        body: { mfrDesc: 'slr tests', hwDesc: 'fake switch', swDesc: '0', serialNum: '0', dpDesc: `dp ${this.opts.datapathId}` },
      }];
    }
    if (mpType === 'FLOW') return [{ type: 'MULTIPART_REPLY', xid, flags: 0, mpType: 'FLOW', body: [] }];
    return [];
  }
}
