// A bare OpenFlow 1.3 session with one switch over its management socket, for pushing
// flows as fast as the switch takes them: raw writes of pre-encoded messages (with
// backpressure), barriers and bundle commits awaited by xid, multipart replies
// collected, and every OFPT_ERROR counted (a bench that silently lost flows would
// measure nothing).
import net from 'node:net';
import { decodeMessage, OfFramer, readBundleControl, type FlowStats, type OfMessage, encodeMessage } from '../../southbound/codec';

export class OfSession {
  errors = 0;
  firstError = '';
  private readonly framer = new OfFramer();
  private readonly waiting = new Map<number, (m: OfMessage) => void>();
  private readonly parts = new Map<number, FlowStats[]>();
  private nextXid = 1_000_000;
  private helloSeen: () => void = () => undefined;

  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static async connect(path: string): Promise<OfSession> {
    const sock = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(path, () => resolve(s));
      s.once('error', reject);
    });
    const session = new OfSession(sock);
    const hello = new Promise<void>((resolve) => { session.helloSeen = resolve; });
    sock.write(encodeMessage({ type: 'HELLO', xid: 1, elements: [{ type: 'VERSIONBITMAP', bitmaps: [1 << 4] }] }));
    await hello;
    return session;
  }

  xid(): number {
    return this.nextXid++;
  }

  /** Writes bytes; resolves at once, or once the socket drained when its buffer is full. */
  write(bytes: Buffer): Promise<void> | undefined {
    if (this.sock.write(bytes)) return undefined;
    return new Promise((resolve) => this.sock.once('drain', resolve));
  }

  /** Resolves with the reply whose xid is `xid` (barrier reply, bundle reply, error). */
  reply(xid: number): Promise<OfMessage> {
    return new Promise((resolve) => this.waiting.set(xid, resolve));
  }

  async barrier(): Promise<void> {
    const xid = this.xid();
    const done = this.reply(xid);
    await this.write(encodeMessage({ type: 'BARRIER_REQUEST', xid }));
    await done;
  }

  /** Every flow matching the cookie/mask in table 0 (multipart FLOW, all parts). */
  async flowStats(cookie: bigint, cookieMask: bigint): Promise<FlowStats[]> {
    const xid = this.xid();
    this.parts.set(xid, []);
    const done = this.reply(xid);
    await this.write(encodeMessage({
      type: 'MULTIPART_REQUEST', xid, flags: 0, mpType: 'FLOW',
      body: { tableId: 0, outPort: 0xffffffff, outGroup: 0xffffffff, cookie, cookieMask, match: [] },
    }));
    await done;
    const flows = this.parts.get(xid) ?? [];
    this.parts.delete(xid);
    return flows;
  }

  /** Flows in all tables (multipart AGGREGATE). */
  async flowCount(): Promise<number> {
    const xid = this.xid();
    const done = this.reply(xid);
    await this.write(encodeMessage({
      type: 'MULTIPART_REQUEST', xid, flags: 0, mpType: 'AGGREGATE',
      body: { tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] },
    }));
    const m = await done;
    if (m.type !== 'MULTIPART_REPLY' || m.mpType !== 'AGGREGATE') throw new Error(`aggregate stats: got ${m.type}`);
    return m.body.flowCount;
  }

  close(): void {
    this.sock.destroy();
  }

  private onData(chunk: Buffer): void {
    this.framer.push(chunk);
    for (let f = this.framer.next(); f !== null; f = this.framer.next()) {
      const type = f[1];
      const xid = f.readUInt32BE(4);
      if (type === 0) { // HELLO
        this.helloSeen();
        continue;
      }
      if (type === 2) { // ECHO_REQUEST: answer, or the switch drops us
        const echo = Buffer.from(f);
        echo[1] = 3;
        this.sock.write(echo);
        continue;
      }
      const m = decodeMessage(f);
      if (m.type === 'ERROR') {
        if (this.errors++ === 0) this.firstError = `type ${m.errType} code ${m.errCode}: ${m.data.subarray(0, 16).toString('hex')}`;
      }
      if (m.type === 'MULTIPART_REPLY' && m.mpType === 'FLOW') {
        this.parts.get(xid)?.push(...m.body);
        if ((m.flags & 1) !== 0) continue; // more parts follow
      }
      if (m.type === 'EXPERIMENTER' && readBundleControl(m) === undefined) continue;
      const w = this.waiting.get(xid);
      if (w !== undefined) {
        this.waiting.delete(xid);
        w(m);
      }
    }
  }
}
