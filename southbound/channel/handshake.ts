// The part of connection setup that follows a successful HELLO exchange (spec 6.3.1):
// learn the datapath (FEATURES), its ports (MULTIPART PORT_DESC), ask for whole
// packets on table miss (SET_CONFIG + barrier, because SET_CONFIG has no reply) and
// optionally claim a role (spec 6.3.5). Steps run strictly one after another so
// the state always names the one reply we wait for.
import type {
  FeaturesReply, MultipartReply, MultipartRequest, OfMessage, Port, RoleReply,
} from '../codec/types';
import type { ChannelRoleConfig } from './config';
import { ChannelError } from './errors';

export type ChannelState =
  | 'HELLO_WAIT' | 'FEATURES_WAIT' | 'PORT_DESC_WAIT' | 'CONFIG_WAIT' | 'ROLE_WAIT'
  | 'READY' | 'CLOSED';

/** ofp_controller_role values (spec 7.3.9). */
export const ROLE_NUMBER: Record<ChannelRoleConfig['role'], number> = {
  equal: 1,
  master: 2,
  slave: 3,
};

/** OFPC_FRAG_NORMAL: no special handling of IP fragments. */
const FRAG_NORMAL = 0;

/** What the handshake needs from its connection. */
export interface HandshakeIo {
  setState(state: ChannelState): void;
  request<T extends OfMessage>(msg: OfMessage, timeoutMs: number): Promise<T>;
  multipart(msg: MultipartRequest, timeoutMs: number): Promise<MultipartReply[]>;
}

export interface HandshakeSettings {
  timeoutMs: number;
  missSendLen: number;
  role?: ChannelRoleConfig;
}

export interface HandshakeResult {
  features: FeaturesReply;
  ports: Port[];
  role?: RoleReply;
}

export async function runHandshakeAfterHello(io: HandshakeIo, s: HandshakeSettings): Promise<HandshakeResult> {
  io.setState('FEATURES_WAIT');
  const features = await io.request<FeaturesReply>({ type: 'FEATURES_REQUEST', xid: 0 }, s.timeoutMs);
  if (features.type !== 'FEATURES_REPLY') {
    throw new ChannelError('HANDSHAKE', `expected FEATURES_REPLY, got ${features.type}`);
  }

  io.setState('PORT_DESC_WAIT');
  const parts = await io.multipart({ type: 'MULTIPART_REQUEST', xid: 0, flags: 0, mpType: 'PORT_DESC' }, s.timeoutMs);
  const ports: Port[] = [];
  for (const part of parts) {
    if (part.mpType === 'PORT_DESC') ports.push(...part.body);
  }

  io.setState('CONFIG_WAIT');
  // A message without reply: request() pairs it with a barrier, and an ERROR for it
  // (e.g. a switch refusing our miss_send_len) arrives before the barrier reply.
  await io.request({ type: 'SET_CONFIG', xid: 0, flags: FRAG_NORMAL, missSendLen: s.missSendLen }, s.timeoutMs);

  if (s.role === undefined) return { features, ports };
  io.setState('ROLE_WAIT');
  const role = await io.request<RoleReply>(
    { type: 'ROLE_REQUEST', xid: 0, role: ROLE_NUMBER[s.role.role], generationId: s.role.generationId },
    s.timeoutMs,
  );
  return { features, ports, role };
}
