// Versions as ETags, and If-Match for optimistic concurrency: a write naming a version
// that is no longer current gets 412 and changes nothing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', etagOf(version));
}

/** The If-Match header's entity tags (weak prefixes dropped), or undefined when absent. */
export function ifMatchTags(req: FastifyRequest): string[] | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  return text
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter((t) => t !== '');
}

/**
 * Throws 412 when If-Match is present and does not name the current version
 * (`current` undefined: the object does not exist, which no tag matches, not even "*").
 */
export function checkIfMatch(req: FastifyRequest, current: number | undefined): void {
  const tags = ifMatchTags(req);
  if (tags === undefined) return;
  const ok = current !== undefined && tags.some((t) => t === '*' || t === etagOf(current) || t === String(current));
  if (!ok) {
    const now = current === undefined ? 'the object does not exist' : `the current version is ${etagOf(current)}`;
    throw new ApiError('PRECONDITION_FAILED', `If-Match ${tags.join(', ')} does not match: ${now}`, [
      { field: 'if-match', in: 'headers', reason: now },
    ]);
  }
}
