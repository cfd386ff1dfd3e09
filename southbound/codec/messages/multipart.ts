// OFPT_MULTIPART_REQUEST / OFPT_MULTIPART_REPLY (spec 7.3.5): a 16-byte header (type,
// flags, 4 pad bytes) then a body whose layout depends on the multipart type.

import type { MultipartReply, MultipartRequest } from '../types';
import { OfDecodeError, OfEncodeError, OFPET_BAD_REQUEST } from '../errors';
import { OFPBRC_BAD_MULTIPART } from '../error-codes';
import { expectMinLength, type MessageCodec } from '../wire-util';
import type { BodyCodec } from '../structs/list';
import { MULTIPART_TYPES, type MultipartBodies } from '../structs/multipart-bodies';
import { getU16, putU16, putU32 } from '../bytes';
import { putFieldU16 } from '../checked-put';

type MpName = MultipartRequest['mpType'];

const BY_CODE = new Map<number, MultipartBodies>(MULTIPART_TYPES.map((t) => [t.code, t]));
const BY_NAME = new Map<string, MultipartBodies>(MULTIPART_TYPES.map((t) => [t.name, t]));

/** The multipart type's name and body codec; BAD_MULTIPART when the type is unknown. */
function entryFor(code: number, kind: 'request' | 'reply'): { name: MpName; codec: BodyCodec<unknown> } {
  const entry = BY_CODE.get(code);
  const codec = entry?.[kind];
  if (!entry || !codec) {
    throw new OfDecodeError('BAD_MULTIPART', `unknown multipart ${kind} type ${code}`, OFPET_BAD_REQUEST, OFPBRC_BAD_MULTIPART, 8);
  }
  return { name: entry.name, codec };
}

function bodyOf(msg: MultipartRequest | MultipartReply): unknown {
  return 'body' in msg ? msg.body : undefined;
}

function codecFor(msg: MultipartRequest | MultipartReply, kind: 'request' | 'reply'): { code: number; codec: BodyCodec<unknown> } {
  const entry = BY_NAME.get(msg.mpType);
  const codec = entry?.[kind];
  if (!entry || !codec) throw new OfEncodeError(`no multipart ${kind} of type ${String(msg.mpType)}`);
  return { code: entry.code, codec };
}

function multipartCodec<M extends MultipartRequest | MultipartReply>(
  type: M['type'], kind: 'request' | 'reply',
): MessageCodec<M> {
  const flagsName = `${type}.flags`;
  return {
    decode(frame, xid) {
      expectMinLength(frame, 16, type);
      const { name, codec } = entryFor(getU16(frame, 8), kind);
      const body = codec.decode(frame, 16, frame.length);
      const msg = { type, xid, flags: getU16(frame, 10), mpType: name } as M;
      if (body !== undefined) (msg as { body?: unknown }).body = body;
      return msg;
    },
    length(msg) {
      return 16 + codecFor(msg, kind).codec.length(bodyOf(msg));
    },
    write(msg, buf, off) {
      const { code, codec } = codecFor(msg, kind);
      putU16(buf, off + 8, code);
      putFieldU16(buf, off + 10, msg.flags, flagsName);
      putU32(buf, off + 12, 0);
      codec.write(bodyOf(msg), buf, off + 16);
    },
  };
}

export const multipartRequestCodec = multipartCodec<MultipartRequest>('MULTIPART_REQUEST', 'request');
export const multipartReplyCodec = multipartCodec<MultipartReply>('MULTIPART_REPLY', 'reply');
