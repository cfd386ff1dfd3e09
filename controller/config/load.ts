// The one place config is loaded: read JSON, apply command-line overrides, validate
// against the composed schema (filling defaults), then deep-freeze.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { SlrError } from '../errors';
import { deepFreeze } from './freeze';
import { formatAjvErrors } from './messages';
import { buildConfigSchema, type ConfigSections } from './schema';
import type { SlrConfig } from './types';

export interface ConfigOverrides {
  host?: string;
  port?: number;
}

export interface LoadConfigOptions {
  sections?: ConfigSections;
  overrides?: ConfigOverrides;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validates a parsed config (not mutated: a copy is filled and frozen). */
export function validateConfig(raw: unknown, opts: LoadConfigOptions = {}): SlrConfig {
  if (!isPlainObject(raw)) {
    throw new SlrError('CONFIG_INVALID', 'config: the top level must be a JSON object', { details: { problems: [] } });
  }
  const data = structuredClone(raw);
  if (opts.overrides && (opts.overrides.host !== undefined || opts.overrides.port !== undefined)) {
    const of = isPlainObject(data.openflow) ? data.openflow : {};
    if (opts.overrides.host !== undefined) of.host = opts.overrides.host;
    if (opts.overrides.port !== undefined) of.port = opts.overrides.port;
    data.openflow = of;
  }
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true });
  const validate = ajv.compile(buildConfigSchema(opts.sections));
  if (!validate(data)) {
    const problems = formatAjvErrors(validate.errors ?? []);
    throw new SlrError('CONFIG_INVALID', problems.join('\n'), { details: { problems } });
  }
  return deepFreeze(data as unknown as SlrConfig);
}

export function loadConfigFile(path: string, opts: LoadConfigOptions = {}): SlrConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SlrError('CONFIG_READ', `config: cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new SlrError('CONFIG_READ', `config: ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return validateConfig(raw, opts);
}
