import { checkHello } from '../../../peering/hello-check';
import { staticServerDirectory } from '../../../peering/server-directory';
import { HelloRequestMsg } from '../../../peering/wire-types';

const directory = staticServerDirectory([
  { serverId: 'srv1', subnets: ['192.200.0.0/16'], ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
  { serverId: 'srv2', subnets: ['192.200.0.0/16', '2001:db8::/32'] },
]);

const hello = (over: Partial<HelloRequestMsg> = {}): HelloRequestMsg => ({
  serverId: 'srv1',
  certificatePem: '',
  ip: '10.0.0.1',
  mac: '00:00:00:00:00:01',
  subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
  agentVersion: 'test',
  ...over,
});

describe('checkHello', () => {
  it('accepts a configured server with its configured address and subnets', () => {
    expect(checkHello(hello({ mac: '00:00:00:00:00:01' }), directory)).toEqual({
      serverId: 'srv1',
      ip: '10.0.0.1',
      mac: '00:00:00:00:00:01',
      subnets: ['192.200.0.0/16'],
      ports: { '192.200.0.0/16': [80] },
    });
  });

  it('refuses a server id the SLR is not configured with', () => {
    expect(checkHello(hello({ serverId: 'srv9' }), directory)).toMatchObject({ reason: 'unknown-server' });
  });

  it('refuses an ip or mac that differs from the configured one', () => {
    expect(checkHello(hello({ ip: '10.0.0.2' }), directory)).toMatchObject({ reason: 'address-mismatch', detail: expect.stringMatching(/10\.0\.0\.2.*10\.0\.0\.1/) });
    expect(checkHello(hello({ mac: '00:00:00:00:00:02' }), directory)).toMatchObject({ reason: 'address-mismatch' });
  });

  it('accepts any well-formed address when none is configured, and normalises mac case', () => {
    const r = checkHello(hello({ serverId: 'srv2', ip: '10.9.9.9', mac: 'AA:BB:CC:DD:EE:FF' }), directory);
    expect(r).toMatchObject({ ip: '10.9.9.9', mac: 'aa:bb:cc:dd:ee:ff' });
  });

  it('refuses a subnet the server is not configured to serve', () => {
    const r = checkHello(hello({ subnets: [{ subnet: '192.201.0.0/16', ports: [80] }] }), directory);
    expect(r).toEqual({ reason: 'unconfigured-subnet', detail: "server 'srv1' is not configured to serve 192.201.0.0/16" });
  });

  it('compares subnets canonically (host bits, IPv6 spelling)', () => {
    const r = checkHello(hello({ serverId: 'srv2', subnets: [{ subnet: '2001:0DB8:0:0::/32', ports: [443] }] }), directory);
    expect(r).toMatchObject({ subnets: ['2001:db8::/32'] });
  });

  it('refuses malformed hellos', () => {
    expect(checkHello(hello({ ip: 'x' }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ mac: '00:00' }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ subnets: [] }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ subnets: [{ subnet: '192.200.0.0/16', ports: [0] }] }), directory)).toMatchObject({ reason: 'malformed' });
  });
});
