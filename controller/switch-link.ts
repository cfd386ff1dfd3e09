// The part of the channel's SwitchConnection the core uses. Coding against this
// structural subset keeps the core testable with a plain in-memory fake.
import type {
  FeaturesReply,
  RoleReply,
  MultipartReply,
  MultipartRequest,
  OfMessage,
  Port,
} from '../southbound/codec/types';

export interface SwitchLink {
  readonly datapathId: bigint;
  readonly features: FeaturesReply;
  readonly ports: Port[];
  readonly remote: string;
  /** Set by the core: PACKET_IN, FLOW_REMOVED, PORT_STATUS and unmatched ERRORs. */
  onMessage: (msg: OfMessage) => void;
  onClose: (reason: string) => void;
  /** xid 0 gets a fresh xid; false means the send queue is over its limit. */
  send(msg: OfMessage): boolean;
  multipart(req: MultipartRequest, timeoutMs?: number): Promise<MultipartReply[]>;
  barrier(timeoutMs?: number): Promise<void>;
  /** A request confirmed by its reply, or by a barrier for messages without one; an
   * OpenFlow ERROR for it rejects (ChannelError OF_ERROR with ofErrorType/Code). */
  request?<T extends OfMessage = OfMessage>(msg: OfMessage, timeoutMs?: number): Promise<T>;
  close(reason: string): void;
  /** The role the switch confirmed in the handshake (null when none was asked for). */
  readonly role?: RoleReply | null;
  /** ROLE_REQUEST (spec 7.3.9); role is an OFPCR_ROLE_* number. */
  setRole?(role: number, generationId: bigint): Promise<RoleReply>;
}
