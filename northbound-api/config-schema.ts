// The "api" section of the controller's config file. Loopback by default: exposing the
// API on another address is an explicit operator decision.
import type { JsonSchema } from '../controller/config/schema';
import type { TokenEntry } from './http/auth';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * No default for the section itself: a config without "api" runs no API, so controllers
 * that never asked for one (tests, spares) do not all compete for port 8080.
 */
export const API_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: true },
    host: { type: 'string', minLength: 1, default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    bodyLimit: { type: 'integer', minimum: 1024, maximum: 16 * 1024 * 1024, default: DEFAULT_BODY_LIMIT },
    /** HTTPS: the token travels in every request, so use it whenever host is not loopback. */
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['keyFile', 'certFile'],
      properties: { keyFile: { type: 'string', minLength: 1 }, certFile: { type: 'string', minLength: 1 } },
    },
    /** How often to pick up state another controller (the active one, for a spare) stored; 0: never. */
    stateRefreshMs: { type: 'integer', minimum: 0, maximum: 3_600_000, default: 5000 },
    tokens: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role'],
        // The secret inline, or in a file (kept out of the config, e.g. a mounted secret).
        // (Each branch names its property: the config loader's ajv runs with strictRequired.)
        oneOf: [
          { properties: { token: {} }, required: ['token'] },
          { properties: { tokenFile: {} }, required: ['tokenFile'] },
        ],
        properties: {
          // Long enough that guessing is hopeless; generate with e.g. `openssl rand -hex 24`.
          token: { type: 'string', minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' },
          tokenFile: { type: 'string', minLength: 1 },
          role: { enum: ['read', 'write'] },
          name: { type: 'string', minLength: 1, maxLength: 64 },
        },
      },
    },
    /** Where API-configured state persists; absent: the top-level redis section's Redis, else memory only. */
    state: {
      type: 'object',
      additionalProperties: false,
      required: ['redisUrl'],
      properties: {
        redisUrl: { type: 'string', pattern: '^rediss?://' },
        keyPrefix: { type: 'string', default: 'slr:' },
      },
    },
  },
};

/** A token as configured: inline or in a file. */
export interface ConfiguredToken {
  readonly token?: string;
  readonly tokenFile?: string;
  readonly role: TokenEntry['role'];
  readonly name?: string;
}

/** The "api" section after validation (defaults filled). */
export interface ApiConfig {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  readonly bodyLimit: number;
  readonly stateRefreshMs: number;
  readonly tokens: readonly ConfiguredToken[];
  readonly tls?: { readonly keyFile: string; readonly certFile: string };
  readonly state?: { readonly redisUrl: string; readonly keyPrefix: string };
}

/** Sections to register with the config loader (see controller/config/schema.ts). */
export const API_CONFIG_SECTIONS = { topLevel: { api: API_SECTION_SCHEMA } };
