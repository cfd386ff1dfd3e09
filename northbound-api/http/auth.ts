// Bearer tokens from the config, each with a role. Tokens are compared by digest in
// constant time, so neither their content nor their length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';
import type { Access } from './route-def';

export type Role = 'read' | 'write';

export interface TokenEntry {
  token: string;
  role: Role;
  /** Who holds it, for logs. */
  name?: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class TokenTable {
  private entries: Array<{ digest: Buffer; role: Role; name: string }> = [];

  constructor(tokens: readonly TokenEntry[]) {
    this.replace(tokens);
  }

  /** Puts a new set of tokens in force at once (config reload); requests in flight keep their answer. */
  replace(tokens: readonly TokenEntry[]): void {
    this.entries = tokens.map((t, i) => ({ digest: digest(t.token), role: t.role, name: t.name ?? `token ${i}` }));
  }

  get size(): number {
    return this.entries.length;
  }

  roleOf(token: string): { role: Role; name: string } | undefined {
    const d = digest(token);
    let found: { role: Role; name: string } | undefined;
    // No early exit: every entry is compared, whatever matches.
    for (const e of this.entries) if (timingSafeEqual(d, e.digest) && found === undefined) found = { role: e.role, name: e.name };
    return found;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer +([^ ]+) *$/i.exec(h);
  return m === null ? undefined : m[1];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the token's holder once authenticated (for the audit log). */
    principal: string | null;
  }
}

/** onRequest hook: runs before the body is read, so an anonymous client cannot make us parse it. */
export function authHook(tokens: TokenTable) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    req.principal = null;
    const access: Access = req.routeOptions.config?.access ?? 'read';
    if (access === 'public') return;
    const token = bearer(req);
    const who = token === undefined ? undefined : tokens.roleOf(token);
    if (who === undefined) {
      void reply.header('www-authenticate', 'Bearer realm="slr"');
      throw new ApiError('UNAUTHORIZED', token === undefined ? 'a bearer token is required' : 'unknown token');
    }
    req.principal = who.name;
    if (access === 'write' && who.role !== 'write') throw new ApiError('FORBIDDEN', 'this token may only read');
  };
}
