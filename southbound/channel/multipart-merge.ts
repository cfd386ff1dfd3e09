// Turn the parts of one multipart reply into a single reply (spec 7.3.5: a long
// reply is split over several messages, all but the last flagged REPLY_MORE). List
// bodies are concatenated; single-structure bodies (DESC, AGGREGATE, ...) come in
// one part, so the last part is kept as is.
import type { MultipartReply } from '../codec/types';

export function mergeMultipartParts(parts: readonly MultipartReply[]): MultipartReply {
  const last = parts[parts.length - 1];
  if (last === undefined) throw new Error('mergeMultipartParts needs at least one part');
  if (parts.length === 1 || !Array.isArray(last.body)) return last;
  const body: unknown[] = [];
  for (const part of parts) {
    if (part.mpType === last.mpType && Array.isArray(part.body)) body.push(...(part.body as unknown[]));
  }
  // Same mpType and the body is the same element type: the cast only re-joins lists.
  return { ...last, flags: 0, body } as MultipartReply;
}
