// Fixed-size messages: header-only requests, FEATURES_REPLY (spec 7.3.1), switch
// config (7.3.2), ROLE (7.3.9), async config (7.3.10), QUEUE_GET_CONFIG_REQUEST (7.3.6).

import type {
  AsyncConfig, BarrierReply, BarrierRequest, FeaturesReply, FeaturesRequest, GetAsyncReply, GetAsyncRequest,
  GetConfigReply, GetConfigRequest, QueueGetConfigRequest, RoleReply, RoleRequest, SetAsync, SetConfig,
} from '../types';
import { expectExactLength, zeroFill, type MessageCodec } from '../wire-util';
import { getU16, getU32, getU64, putU16, putU32 } from '../bytes';
import { putFieldU16, putFieldU32, putFieldU64, putFieldU8 } from '../checked-put';

type HeaderOnly = FeaturesRequest | GetConfigRequest | BarrierRequest | BarrierReply | GetAsyncRequest;

function headerOnly<M extends HeaderOnly>(type: M['type']): MessageCodec<M> {
  return {
    decode(frame, xid) {
      expectExactLength(frame, 8, type);
      return { type, xid } as M;
    },
    length: () => 8,
    write: () => undefined,
  };
}

export const featuresRequestCodec = headerOnly<FeaturesRequest>('FEATURES_REQUEST');
export const getConfigRequestCodec = headerOnly<GetConfigRequest>('GET_CONFIG_REQUEST');
export const barrierRequestCodec = headerOnly<BarrierRequest>('BARRIER_REQUEST');
export const barrierReplyCodec = headerOnly<BarrierReply>('BARRIER_REPLY');
export const getAsyncRequestCodec = headerOnly<GetAsyncRequest>('GET_ASYNC_REQUEST');

export const featuresReplyCodec: MessageCodec<FeaturesReply> = {
  decode(frame, xid) {
    expectExactLength(frame, 32, 'FEATURES_REPLY');
    return {
      type: 'FEATURES_REPLY', xid, datapathId: getU64(frame, 8), nBuffers: getU32(frame, 16),
      nTables: frame[20], auxiliaryId: frame[21], capabilities: getU32(frame, 24), reserved: getU32(frame, 28),
    };
  },
  length: () => 32,
  write(msg, buf, off) {
    putFieldU64(buf, off + 8, msg.datapathId, 'FEATURES_REPLY.datapathId');
    putFieldU32(buf, off + 16, msg.nBuffers, 'FEATURES_REPLY.nBuffers');
    putFieldU8(buf, off + 20, msg.nTables, 'FEATURES_REPLY.nTables');
    putFieldU8(buf, off + 21, msg.auxiliaryId, 'FEATURES_REPLY.auxiliaryId');
    putU16(buf, off + 22, 0);
    putFieldU32(buf, off + 24, msg.capabilities, 'FEATURES_REPLY.capabilities');
    putFieldU32(buf, off + 28, msg.reserved, 'FEATURES_REPLY.reserved');
  },
};

function switchConfig<M extends GetConfigReply | SetConfig>(type: M['type']): MessageCodec<M> {
  const flagsName = `${type}.flags`;
  const missSendLenName = `${type}.missSendLen`;
  return {
    decode(frame, xid) {
      expectExactLength(frame, 12, type);
      return { type, xid, flags: getU16(frame, 8), missSendLen: getU16(frame, 10) } as M;
    },
    length: () => 12,
    write(msg, buf, off) {
      putFieldU16(buf, off + 8, msg.flags, flagsName);
      putFieldU16(buf, off + 10, msg.missSendLen, missSendLenName);
    },
  };
}

export const getConfigReplyCodec = switchConfig<GetConfigReply>('GET_CONFIG_REPLY');
export const setConfigCodec = switchConfig<SetConfig>('SET_CONFIG');

function role<M extends RoleRequest | RoleReply>(type: M['type']): MessageCodec<M> {
  const roleName = `${type}.role`;
  const generationIdName = `${type}.generationId`;
  return {
    decode(frame, xid) {
      expectExactLength(frame, 24, type);
      return { type, xid, role: getU32(frame, 8), generationId: getU64(frame, 16) } as M;
    },
    length: () => 24,
    write(msg, buf, off) {
      putFieldU32(buf, off + 8, msg.role, roleName);
      putU32(buf, off + 12, 0);
      putFieldU64(buf, off + 16, msg.generationId, generationIdName);
    },
  };
}

export const roleRequestCodec = role<RoleRequest>('ROLE_REQUEST');
export const roleReplyCodec = role<RoleReply>('ROLE_REPLY');

function asyncConfig<M extends GetAsyncReply | SetAsync>(type: M['type']): MessageCodec<M> {
  // Names of the six words: [packetInMask[0], packetInMask[1], portStatusMask[0], ...].
  const names = ['packetInMask', 'portStatusMask', 'flowRemovedMask'].flatMap((m) => [`${type}.${m}[0]`, `${type}.${m}[1]`]);
  return {
    decode(frame, xid) {
      expectExactLength(frame, 32, type);
      const pair = (o: number): [number, number] => [getU32(frame, o), getU32(frame, o + 4)];
      const config: AsyncConfig = { packetInMask: pair(8), portStatusMask: pair(16), flowRemovedMask: pair(24) };
      return { type, xid, ...config } as M;
    },
    length: () => 32,
    write(msg, buf, off) {
      const masks = [msg.packetInMask, msg.portStatusMask, msg.flowRemovedMask];
      masks.forEach((pair, i) => {
        putFieldU32(buf, off + 8 + 8 * i, pair[0], names[2 * i]);
        putFieldU32(buf, off + 12 + 8 * i, pair[1], names[2 * i + 1]);
      });
    },
  };
}

export const getAsyncReplyCodec = asyncConfig<GetAsyncReply>('GET_ASYNC_REPLY');
export const setAsyncCodec = asyncConfig<SetAsync>('SET_ASYNC');

export const queueGetConfigRequestCodec: MessageCodec<QueueGetConfigRequest> = {
  decode(frame, xid) {
    expectExactLength(frame, 16, 'QUEUE_GET_CONFIG_REQUEST');
    return { type: 'QUEUE_GET_CONFIG_REQUEST', xid, port: getU32(frame, 8) };
  },
  length: () => 16,
  write(msg, buf, off) {
    putFieldU32(buf, off + 8, msg.port, 'QUEUE_GET_CONFIG_REQUEST.port');
    zeroFill(buf, off + 12, off + 16);
  },
};
