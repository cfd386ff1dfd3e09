import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAgentConfig, parseAgentConfig } from '../../../agent/config';

const valid = (): Record<string, unknown> => ({
  serverId: 'srv1',
  slr: { address: 'unix:/tmp/slr/agents.sock' },
  tls: { caFile: 'ca.crt', certFile: 'srv1.crt', keyFile: 'srv1.key' },
  dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
  subnets: [{ subnet: '192.200.7.0/16', ports: [80, 443] }],
});

describe('agent config', () => {
  it('accepts the example config shipped with the agent', () => {
    const example = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../agent/example-config.json'), 'utf8')) as unknown;
    expect(parseAgentConfig(example).healthCheck).toMatchObject({ enabled: true, intervalMs: 500, failuresToDown: 2 });
  });

  it('accepts a minimal config and fills in documented defaults', () => {
    const c = parseAgentConfig(valid());
    expect(c.load).toEqual({ connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 100, matchVipAddress: true, cpuSource: 'netns', socketScanBudget: 0.01 });
    expect(c.routes).toEqual({ manage: true, device: 'lo', drainTimeoutMs: 0 });
    expect(c.registration).toEqual({ initialBackoffMs: 250, maxBackoffMs: 10_000 });
    expect(c.slr.callTimeoutMs).toBe(5000);
    expect(c.healthCheck).toEqual({ enabled: false, intervalMs: 500, timeoutMs: 400, failuresToDown: 2, successesToUp: 2 });
    expect(c.reportIntervalMs).toBeUndefined();
    expect(c.subnets[0].subnet).toBe('192.200.0.0/16'); // canonical form
  });

  it('accepts a host:port SLR address', () => {
    expect(parseAgentConfig({ ...valid(), slr: { address: '127.0.0.1:50051' } }).slr.address).toBe('127.0.0.1:50051');
  });

  it('rejects an unknown top-level key and names it', () => {
    expect(() => parseAgentConfig({ ...valid(), reportInterval: 500 })).toThrow(/unknown key 'reportInterval' at \//);
  });

  it('rejects an unknown nested key and says where', () => {
    const c = valid();
    c.load = { cpuWeight: 1, memoryWeight: 1 };
    expect(() => parseAgentConfig(c)).toThrow(/unknown key 'memoryWeight' at \/load/);
  });

  it('names missing keys and bad values, all at once', () => {
    const c = valid();
    delete c.serverId;
    c.dataPlane = { ip: '10.0.0.1', mac: 'zz' };
    expect(() => parseAgentConfig(c)).toThrow(/missing key 'serverId'.*\/dataPlane\/mac/);
  });

  it('rejects a bad IP, a non-CIDR subnet and an out-of-range port', () => {
    expect(() => parseAgentConfig({ ...valid(), dataPlane: { ip: '10.0.0.300', mac: '00:00:00:00:00:01' } })).toThrow(/dataPlane\/ip/);
    expect(() => parseAgentConfig({ ...valid(), subnets: [{ subnet: '300.1.0.0/16', ports: [80] }] })).toThrow(/subnets\/0\/subnet/);
    expect(() => parseAgentConfig({ ...valid(), subnets: [{ subnet: '192.200.0.0/16', ports: [70000] }] })).toThrow(/ports\/0/);
  });

  it('rejects both load weights at zero', () => {
    expect(() => parseAgentConfig({ ...valid(), load: { connectionWeight: 0, cpuWeight: 0 } })).toThrow(/cannot both be 0/);
  });

  it('loads from a file and reports JSON errors with the file name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slr-agent-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(valid()));
      fs.writeFileSync(path.join(dir, 'bad.json'), '{ "serverId": ');
      await expect(loadAgentConfig(path.join(dir, 'ok.json'))).resolves.toMatchObject({ serverId: 'srv1' });
      await expect(loadAgentConfig(path.join(dir, 'bad.json'))).rejects.toThrow(/bad\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
