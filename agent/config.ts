// Loads and validates the agent config (JSON, ajv, defaults filled in). Errors name
// the offending key and where it is, e.g. "unknown key 'reportInterval' at /".
import { promises as fsp } from 'node:fs';
import Ajv, { ErrorObject } from 'ajv';
import { canonicalCidr, isIpString } from '../controller/net';
import { agentConfigSchema } from './config-schema';
import type { HealthCheckConfig } from './health-check';
import type { FlowRecoveryConfig } from './flow-advertiser';

export interface AgentConfig {
  serverId: string;
  slr: { address: string; serverName?: string; callTimeoutMs: number };
  tls: { caFile: string; certFile: string; keyFile: string };
  dataPlane: { ip: string; mac: string };
  subnets: Array<{ subnet: string; ports: number[] }>;
  reportIntervalMs?: number;
  load: {
    connectionWeight: number; cpuWeight: number; connectionsAtFullLoad: number; matchVipAddress: boolean; cpuSource: 'system' | 'netns';
    socketScanBudget: number;
  };
  routes: { manage: boolean; device: string; drainTimeoutMs: number };
  registration: { initialBackoffMs: number; maxBackoffMs: number };
  /** Filled in by the schema's defaults; absent only in configs built by hand (tests). */
  healthCheck?: HealthCheckConfig;
  /** Filled in by the schema's defaults; absent only in configs built by hand (tests). */
  flowRecovery?: FlowRecoveryConfig;
  procRoot: string;
  metrics?: { listen: string };
}

const ajv = new Ajv({ allErrors: true, useDefaults: true });
const validate = ajv.compile(agentConfigSchema);

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `unknown key '${String(e.params.additionalProperty)}' at ${where}`;
  }
  if (e.keyword === 'required') return `missing key '${String(e.params.missingProperty)}' at ${where}`;
  return `${where}: ${e.message ?? 'invalid'}`;
}

/** Validates a parsed config object; returns it typed with defaults, or throws listing every problem. */
export function parseAgentConfig(input: unknown): AgentConfig {
  const copy: unknown = structuredClone(input);
  if (!validate(copy)) {
    throw new Error(`invalid agent config: ${(validate.errors ?? []).map(describe).join('; ')}`);
  }
  const config = copy as unknown as AgentConfig;
  const problems: string[] = [];
  if (!isIpString(config.dataPlane.ip)) problems.push(`/dataPlane/ip: '${config.dataPlane.ip}' is not an IP address`);
  config.subnets.forEach((s, i) => {
    const c = canonicalCidr(s.subnet);
    if (!c) problems.push(`/subnets/${i}/subnet: '${s.subnet}' is not a CIDR subnet`);
    else s.subnet = c;
  });
  if (config.load.connectionWeight + config.load.cpuWeight <= 0) {
    problems.push('/load: connectionWeight and cpuWeight cannot both be 0');
  }
  if (config.registration.maxBackoffMs < config.registration.initialBackoffMs) {
    problems.push('/registration: maxBackoffMs is below initialBackoffMs');
  }
  const hc = config.healthCheck;
  if (hc !== undefined && hc.enabled) {
    if (hc.address !== undefined && !isIpString(hc.address)) problems.push(`/healthCheck/address: '${hc.address}' is not an IP address`);
    if (hc.timeoutMs > hc.intervalMs) problems.push('/healthCheck: timeoutMs is above intervalMs');
    if (hc.address === undefined && config.subnets.some((s) => s.subnet.includes(':'))) {
      problems.push('/healthCheck: an IPv6 subnet has no default check address: set healthCheck.address');
    }
  }
  if (problems.length > 0) throw new Error(`invalid agent config: ${problems.join('; ')}`);
  return config;
}

export async function loadAgentConfig(file: string): Promise<AgentConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`agent config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseAgentConfig(parsed);
}
