// Message type number <-> name <-> codec, for the decode and encode dispatchers.

import type { OfMessage, OfMessageType } from './types';
import type { MessageCodec } from './wire-util';
import { helloCodec } from './messages/hello';
import { echoReplyCodec, echoRequestCodec, errorCodec, experimenterCodec } from './messages/symmetric';
import {
  barrierReplyCodec, barrierRequestCodec, featuresReplyCodec, featuresRequestCodec, getAsyncReplyCodec,
  getAsyncRequestCodec, getConfigReplyCodec, getConfigRequestCodec, queueGetConfigRequestCodec, roleReplyCodec,
  roleRequestCodec, setAsyncCodec, setConfigCodec,
} from './messages/fixed';
import { flowRemovedCodec, packetInCodec, portStatusCodec } from './messages/async';
import { packetOutCodec } from './messages/packet-out';
import { flowModCodec } from './messages/flow-mod';
import { groupModCodec, meterModCodec, portModCodec, queueGetConfigReplyCodec, tableModCodec } from './messages/modify';
import { multipartReplyCodec, multipartRequestCodec } from './messages/multipart';

type CodecOf<T extends OfMessageType> = MessageCodec<Extract<OfMessage, { type: T }>>;

interface Registered<T extends OfMessageType> { ofpt: number; codec: CodecOf<T> }

/** Every message type with its OFPT_* number (spec 7.1) and codec. */
const REGISTRY: { [T in OfMessageType]: Registered<T> } = {
  HELLO: { ofpt: 0, codec: helloCodec },
  ERROR: { ofpt: 1, codec: errorCodec },
  ECHO_REQUEST: { ofpt: 2, codec: echoRequestCodec },
  ECHO_REPLY: { ofpt: 3, codec: echoReplyCodec },
  EXPERIMENTER: { ofpt: 4, codec: experimenterCodec },
  FEATURES_REQUEST: { ofpt: 5, codec: featuresRequestCodec },
  FEATURES_REPLY: { ofpt: 6, codec: featuresReplyCodec },
  GET_CONFIG_REQUEST: { ofpt: 7, codec: getConfigRequestCodec },
  GET_CONFIG_REPLY: { ofpt: 8, codec: getConfigReplyCodec },
  SET_CONFIG: { ofpt: 9, codec: setConfigCodec },
  PACKET_IN: { ofpt: 10, codec: packetInCodec },
  FLOW_REMOVED: { ofpt: 11, codec: flowRemovedCodec },
  PORT_STATUS: { ofpt: 12, codec: portStatusCodec },
  PACKET_OUT: { ofpt: 13, codec: packetOutCodec },
  FLOW_MOD: { ofpt: 14, codec: flowModCodec },
  GROUP_MOD: { ofpt: 15, codec: groupModCodec },
  PORT_MOD: { ofpt: 16, codec: portModCodec },
  TABLE_MOD: { ofpt: 17, codec: tableModCodec },
  MULTIPART_REQUEST: { ofpt: 18, codec: multipartRequestCodec },
  MULTIPART_REPLY: { ofpt: 19, codec: multipartReplyCodec },
  BARRIER_REQUEST: { ofpt: 20, codec: barrierRequestCodec },
  BARRIER_REPLY: { ofpt: 21, codec: barrierReplyCodec },
  QUEUE_GET_CONFIG_REQUEST: { ofpt: 22, codec: queueGetConfigRequestCodec },
  QUEUE_GET_CONFIG_REPLY: { ofpt: 23, codec: queueGetConfigReplyCodec },
  ROLE_REQUEST: { ofpt: 24, codec: roleRequestCodec },
  ROLE_REPLY: { ofpt: 25, codec: roleReplyCodec },
  GET_ASYNC_REQUEST: { ofpt: 26, codec: getAsyncRequestCodec },
  GET_ASYNC_REPLY: { ofpt: 27, codec: getAsyncReplyCodec },
  SET_ASYNC: { ofpt: 28, codec: setAsyncCodec },
  METER_MOD: { ofpt: 29, codec: meterModCodec },
};

/** The codec of a message object, with its OFPT number. */
export function codecForMessage(msg: OfMessage): { ofpt: number; codec: MessageCodec<OfMessage> } | undefined {
  return REGISTRY[msg.type] as { ofpt: number; codec: MessageCodec<OfMessage> } | undefined;
}

/** Indexed by OFPT number: name and codec, undefined for numbers OpenFlow 1.3 lacks. */
export const CODEC_BY_OFPT: ReadonlyArray<{ name: OfMessageType; codec: MessageCodec<OfMessage> } | undefined> = (() => {
  const table = new Array<{ name: OfMessageType; codec: MessageCodec<OfMessage> } | undefined>(256).fill(undefined);
  for (const name of Object.keys(REGISTRY) as OfMessageType[]) {
    const entry = REGISTRY[name] as { ofpt: number; codec: MessageCodec<OfMessage> };
    table[entry.ofpt] = { name, codec: entry.codec };
  }
  return table;
})();

/** OFPT number of a message type name. */
export function ofptOf(type: OfMessageType): number {
  return REGISTRY[type].ofpt;
}

/** Message type name of an OFPT number ('FLOW_MOD'), undefined when OpenFlow 1.3 lacks it. */
export function ofptName(ofpt: number): OfMessageType | undefined {
  return CODEC_BY_OFPT[ofpt]?.name;
}
