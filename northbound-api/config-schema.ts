// The "api" section of the controller's config file. Loopback by default: exposing the
// API on another address is an explicit operator decision.
import type { JsonSchema } from '../controller/config/schema';
import { SENTINEL_DEPENDENCIES, SENTINEL_PROPERTIES, type RedisEndpoint } from '../controller';
import type { TokenEntry } from './http/auth';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * No default for the section itself: a config without "api" runs no API, so controllers
 * that never asked for one (tests, spares) do not all compete for port 8080.
 */
export const API_SECTION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The REST API for operators (`slr ctl`, /docs). Absent: no API. It serves the first SLR level of the process.',
  properties: {
    enabled: { type: 'boolean', default: true, description: 'Serve the API (false keeps the section but starts nothing).' },
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Address the API listens on. Anything but loopback should have tls.' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080, description: 'Port of the API (0: any free port, printed in the log).' },
    bodyLimit: { type: 'integer', minimum: 1024, maximum: 16 * 1024 * 1024, default: DEFAULT_BODY_LIMIT, description: 'Largest request body accepted, bytes (larger: 413).' },
    /** HTTPS: the token travels in every request, so use it whenever host is not loopback. */
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['keyFile', 'certFile'],
      description: 'Serve HTTPS: bearer tokens travel in every request, so use it whenever host is not loopback.',
      properties: {
        keyFile: { type: 'string', minLength: 1, description: 'PEM file of the private key.', examples: ['/etc/slr/api-key.pem'] },
        certFile: { type: 'string', minLength: 1, description: 'PEM file of the server certificate (chain).', examples: ['/etc/slr/api.pem'] },
      },
    },
    stateRefreshMs: {
      type: 'integer', minimum: 0, maximum: 3_600_000, default: 5000,
      description: 'How often to pick up API-configured state another controller stored (the active one, for a spare), ms; 0: never.',
    },
    tokens: {
      type: 'array',
      default: [],
      description: 'Bearer tokens and their roles. Empty: only the public routes (/v1/health, /openapi.json, /docs) answer; every other request is refused.',
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
          token: {
            type: 'string', minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7e]+$',
            description: 'The secret itself (16 to 512 printable characters; e.g. `openssl rand -hex 24`). Give token or tokenFile.',
          },
          tokenFile: { type: 'string', minLength: 1, description: 'File holding the secret (surrounding white space ignored), e.g. a mounted secret. Give token or tokenFile.', examples: ['/etc/slr/tokens/ops'] },
          role: { enum: ['read', 'write'], description: 'read: GET only; write: also changes services, targets, policies and pins.' },
          name: { type: 'string', minLength: 1, maxLength: 64, description: 'Who holds the token: logged as the principal of each request it makes (default "token N").' },
        },
      },
    },
    /** Where API-configured state persists; absent: the top-level redis section's Redis, else memory only. */
    state: {
      type: 'object',
      additionalProperties: false,
      required: ['redisUrl'],
      // The same sentinel keys as the redis section: an API state Redis can fail over too.
      dependencies: SENTINEL_DEPENDENCIES,
      description: 'Where state configured through the API persists. Absent: the Redis of the top-level redis section, else memory only.',
      properties: {
        redisUrl: {
          type: 'string', pattern: '^rediss?://',
          description: 'Redis for the API state. With sentinels, only its scheme, user, password and database number count.',
          examples: ['redis://127.0.0.1:6379'],
        },
        ...SENTINEL_PROPERTIES,
        keyPrefix: { type: 'string', default: 'slr:', description: 'Prefix of the keys of the API state.' },
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
  readonly state?: ApiStateConfig;
}

/** api.state after validation: a Redis (directly or through sentinels) and a key prefix. */
export interface ApiStateConfig extends Omit<RedisEndpoint, 'url'> {
  readonly redisUrl: string;
  readonly keyPrefix: string;
}

/** Sections to register with the config loader (see controller/config/schema.ts). */
export const API_CONFIG_SECTIONS = { topLevel: { api: API_SECTION_SCHEMA } };
