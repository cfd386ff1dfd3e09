// The files a controller config names, read and parsed the way start-up will use them
// (`slr controller --check`): TLS key pairs must load into a TLS context (PEM parses,
// key matches certificate), token files must hold a token. Each problem is an SlrError
// naming the config key, so --check answers before a real start would fail half-way.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { SlrConfig } from '../controller/config/types';
import { SlrError } from '../controller/errors';
import { resolveTokens } from '../northbound-api/http/token-files';
import type { ApiConfig } from '../northbound-api/config-schema';
import { levelSetups } from './slr-process';

interface TlsFiles { keyFile: string; certFile: string; caFile?: string }

function read(key: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new SlrError('CONFIG_READ', `${key}: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function checkTls(key: string, files: TlsFiles): number {
  const pem = { key: read(`${key}.keyFile`, files.keyFile), cert: read(`${key}.certFile`, files.certFile), ca: files.caFile === undefined ? undefined : read(`${key}.caFile`, files.caFile) };
  try {
    createSecureContext(pem);
  } catch (err) {
    // OpenSSL's words ("key values mismatch", "no start line") name the problem well enough.
    throw new SlrError('CONFIG_INVALID', `${key}: ${files.certFile} / ${files.keyFile} do not load as a TLS key pair: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return files.caFile === undefined ? 2 : 3;
}

/** Reads every file the config names; returns how many. Throws SlrError on the first problem. */
export function checkConfigFiles(config: SlrConfig): number {
  let n = 0;
  if (config.openflow.tls) n += checkTls('openflow.tls', config.openflow.tls);
  const api = config.api as ApiConfig | undefined;
  if (api !== undefined && api.enabled) {
    n += resolveTokens(api.tokens).length - api.tokens.filter((t) => t.tokenFile === undefined).length;
    if (api.tls) n += checkTls('api.tls', api.tls);
  }
  // Each SLR level's registration service and link to the level above, wherever the
  // config puts them (serviceRouting with agents/upstream/neighbours, or levels[]).
  for (const setup of levelSetups(config)) {
    const top = setup.where === 'serviceRouting';
    if (setup.registration?.tls) n += checkTls(top ? 'agents.tls' : `${setup.where}.registration.tls`, setup.registration.tls);
    if (setup.upstream?.tls) n += checkTls(top ? 'upstream.tls' : `${setup.where}.upstream.tls`, setup.upstream.tls);
    if (setup.neighbours?.tls) n += checkTls(top ? 'neighbours.tls' : `${setup.where}.neighbours.tls`, setup.neighbours.tls);
    if (setup.neighbours?.clientTls) n += checkTls(top ? 'neighbours.clientTls' : `${setup.where}.neighbours.clientTls`, setup.neighbours.clientTls);
  }
  return n;
}
