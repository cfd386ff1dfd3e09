// Tokens may live in files named by the config (secrets kept out of it). A file token
// meets the same rules as an inline one: at least 16 printable characters, no spaces.
import { readFileSync } from 'node:fs';
import { SlrError } from '../../controller/errors';
import type { ConfiguredToken } from '../config-schema';
import type { TokenEntry } from './auth';

const TOKEN_TEXT = /^[\x21-\x7e]{16,512}$/;

export function resolveTokens(tokens: readonly ConfiguredToken[], read: (path: string) => string = (p) => readFileSync(p, 'utf8')): TokenEntry[] {
  return tokens.map((t, i) => {
    if (t.tokenFile === undefined) return { token: t.token as string, role: t.role, name: t.name };
    const where = `api.tokens.${i}.tokenFile`;
    let text: string;
    try {
      text = read(t.tokenFile).trim();
    } catch (err) {
      throw new SlrError('CONFIG_READ', `${where}: cannot read ${t.tokenFile}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (!TOKEN_TEXT.test(text)) throw new SlrError('CONFIG_INVALID', `${where}: ${t.tokenFile} must hold one token of 16 to 512 printable characters`);
    return { token: text, role: t.role, name: t.name ?? t.tokenFile };
  });
}
