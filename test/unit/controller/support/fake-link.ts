// An in-memory SwitchLink for core tests: records what the core sends, answers flow
// read-back and barriers as told, and lets a test push switch messages in.
import type { SwitchLink } from '../../../../controller/switch-link';
import type {
  FeaturesReply,
  FlowStats,
  MeterConfig,
  MultipartReply,
  MultipartRequest,
  OfMessage,
  Port,
  RoleReply,
} from '../../../../southbound/codec/types';

export function port(portNo: number, up = true): Port {
  return {
    portNo, hwAddr: `02:00:00:00:00:${portNo.toString(16).padStart(2, '0')}`, name: `p${portNo}`,
    config: 0, state: up ? 0 : 1, curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 0, maxSpeed: 0,
  };
}

export class FakeLink implements SwitchLink {
  readonly sent: OfMessage[] = [];
  readonly multipartRequests: MultipartRequest[] = [];
  readonly features: FeaturesReply;
  onMessage: (msg: OfMessage) => void = () => {};
  onClose: (reason: string) => void = () => {};
  closedWith: string | undefined;
  barriers = 0;
  /** What the switch reports for a FLOW read-back; an Error makes the request fail. */
  flows: FlowStats[] | Error = [];
  /** What the switch reports for a METER_CONFIG read-back. */
  meters: MeterConfig[] = [];
  /** send() returns false while true. */
  overloaded = false;
  role: RoleReply | null = null;
  readonly roleRequests: Array<{ role: number; generationId: bigint }> = [];

  constructor(
    readonly datapathId: bigint,
    readonly ports: Port[] = [port(1), port(2), port(3)],
    readonly remote = '127.0.0.1:40000',
  ) {
    this.features = { type: 'FEATURES_REPLY', xid: 0, datapathId, nBuffers: 0, nTables: 254, auxiliaryId: 0, capabilities: 0x4f, reserved: 0 };
  }

  send(msg: OfMessage): boolean {
    if (this.overloaded) return false;
    this.sent.push(msg);
    return true;
  }

  async multipart(req: MultipartRequest): Promise<MultipartReply[]> {
    this.multipartRequests.push(req);
    if (this.flows instanceof Error) throw this.flows;
    if (req.mpType === 'METER_CONFIG') return [{ type: 'MULTIPART_REPLY', xid: req.xid, flags: 0, mpType: 'METER_CONFIG', body: this.meters }];
    if (req.mpType !== 'FLOW') return [];
    return [{ type: 'MULTIPART_REPLY', xid: req.xid, flags: 0, mpType: 'FLOW', body: this.flows }];
  }

  /** When set, the next role requests fail with it (e.g. a ChannelError OF_ERROR 11/0: stale). */
  roleError: Error | undefined;
  /** When set, role requests wait for this promise before the reply. */
  roleGate: Promise<void> | undefined;

  async setRole(role: number, generationId: bigint): Promise<RoleReply> {
    this.roleRequests.push({ role, generationId });
    if (this.roleGate) await this.roleGate;
    if (this.roleError) throw this.roleError;
    this.role = { type: 'ROLE_REPLY', xid: 0, role, generationId };
    return this.role;
  }

  async barrier(): Promise<void> {
    this.barriers++;
  }

  close(reason: string): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = reason;
    this.onClose(reason);
  }

  /** The switch sends a message to the controller. */
  deliver(msg: OfMessage): void {
    this.onMessage(msg);
  }

  sentOfType<T extends OfMessage['type']>(type: T): Extract<OfMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<OfMessage, { type: T }> => m.type === type);
  }
}

/** Lets pending promise callbacks (reconciliation steps) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}
