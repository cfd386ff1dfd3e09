// The agent's metrics: a real ServerAgent (fake SLR, fake clock) drives the counted
// client through registration, reports, a failed report and a refused hello; its state
// is read at scrape time. Also the agent config's optional metrics.listen.
import { status } from '@grpc/grpc-js';
import { parseAgentConfig } from '../../../../agent/config';
import { ServerAgent } from '../../../../agent/server-agent';
import { AgentMetrics, parseListenAddress } from '../../../../controller/metrics/agent-metrics';
import { FakeClock } from '../../peering/fake-clock';
import { RecordingLog } from '../../peering/recording-log';
import { ScriptedSlr } from '../../peering/scripted-slr';
import { seriesLines, seriesValue } from './metric-values';

const SUBNET = '192.200.0.0/16';
const baseConfig = {
  serverId: 'srv1',
  slr: { address: 'unix:/tmp/x.sock' },
  tls: { caFile: 'ca', certFile: 'c', keyFile: 'k' },
  dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:0a' },
  subnets: [{ subnet: SUBNET, ports: [80] }],
  reportIntervalMs: 1000,
  registration: { initialBackoffMs: 100, maxBackoffMs: 400 },
};

function grpcError(code: number): Error {
  return Object.assign(new Error(`code ${code}`), { code });
}

describe('agent metrics', () => {
  it('count hellos, reports and failures at the client, keep the last load per subnet, and report the state', async () => {
    const metrics = new AgentMetrics({ processMetrics: false });
    const r = metrics.registry;
    const fake = new ScriptedSlr();
    fake.helloFailures.push(grpcError(status.UNAVAILABLE));
    const clock = new FakeClock();
    let n = 0;
    const meter = { prime: async () => undefined, sample: async () => [{ subnet: SUBNET, load: 0.25 * ++n, connections: n, cpu: 0 }] };
    const agent = new ServerAgent({
      config: parseAgentConfig(baseConfig), certificatePem: 'PEM', slr: metrics.instrument(fake),
      routes: { install: async () => undefined, remove: async () => undefined }, meter, clock, log: new RecordingLog(), random: () => 1,
    });
    metrics.watchState(agent);
    expect(await seriesValue(r, 'slr_agent_state', { state: 'idle' })).toBe(1);

    await agent.start();
    await clock.advanceAsync(0); // hello refused: unreachable
    expect(await seriesValue(r, 'slr_agent_hello_failures_total')).toBe(1);
    expect(await seriesValue(r, 'slr_agent_registered')).toBe(0);
    expect(await seriesValue(r, 'slr_agent_state', { state: 'registering' })).toBe(1);
    await clock.advanceAsync(100); // retry accepted, first report at once
    expect(await seriesValue(r, 'slr_agent_hellos_accepted_total')).toBe(1);
    expect(await seriesValue(r, 'slr_agent_registered')).toBe(1);
    expect(await seriesValue(r, 'slr_agent_reports_sent_total')).toBe(1);
    expect(await seriesValue(r, 'slr_agent_load_index', { subnet: SUBNET })).toBe(0.25);
    expect(await seriesValue(r, 'slr_agent_connections', { subnet: SUBNET })).toBe(1);

    fake.reportFailures.push(grpcError(status.UNAVAILABLE));
    await clock.advanceAsync(1000); // this one fails
    await clock.advanceAsync(1000); // this one goes through
    expect(await seriesValue(r, 'slr_agent_report_failures_total')).toBe(1);
    expect(await seriesValue(r, 'slr_agent_reports_sent_total')).toBe(2);
    // A failed report leaves the last accepted value in place.
    expect(await seriesValue(r, 'slr_agent_load_index', { subnet: SUBNET })).toBe(0.75);
    expect(await seriesValue(r, 'slr_agent_connections', { subnet: SUBNET })).toBe(3);

    await agent.stop();
    expect(await seriesLines(r, 'slr_agent_state')).toEqual([
      '{"state":"idle"} 0', '{"state":"registered"} 0', '{"state":"registering"} 0', '{"state":"stopped"} 1', '{"state":"stopping"} 0',
    ]);
  });

  it('takes metrics.listen as host:port in the agent config, never a unix socket', () => {
    expect(parseAgentConfig({ ...baseConfig, metrics: { listen: '127.0.0.1:9465' } }).metrics).toEqual({ listen: '127.0.0.1:9465' });
    expect(parseAgentConfig(baseConfig).metrics).toBeUndefined();
    expect(() => parseAgentConfig({ ...baseConfig, metrics: { listen: 'unix:/tmp/m.sock' } })).toThrow(/metrics\/listen/);
    expect(() => parseAgentConfig({ ...baseConfig, metrics: { listen: '127.0.0.1:9465', port: 1 } })).toThrow(/port/);
    expect(parseListenAddress('127.0.0.1:9465')).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(parseListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListenAddress('127.0.0.1:99999')).toThrow(/host:port/);
  });
});
