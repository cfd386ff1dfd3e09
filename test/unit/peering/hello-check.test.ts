import { checkHello } from '../../../peering/hello-check';
import { staticDirectory } from '../../../peering/directory';
import { HelloRequestMsg } from '../../../peering/wire-types';

const directory = staticDirectory([
  { id: 'srv1', kind: 'server', subnets: ['192.200.0.0/16'], ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
  { id: 'srv2', kind: 'server', subnets: ['192.200.0.0/16', '2001:db8::/32'] },
  { id: 'site-a', kind: 'site', subnets: ['192.200.0.0/16'] },
  { id: 'site-b', kind: 'site', subnets: ['192.200.0.0/16'], label: 2002 },
]);

interface Over extends Partial<Omit<HelloRequestMsg, 'attachment'>> {
  ip?: string;
  mac?: string;
  label?: number;
}

const hello = ({ ip = '10.0.0.1', mac = '00:00:00:00:00:01', label = 0, ...over }: Over = {}): HelloRequestMsg => ({
  id: 'srv1',
  certificatePem: '',
  kind: 'server',
  attachment: { ip, mac, mplsLabel: label },
  subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
  version: 'test',
  ...over,
});

const siteHello = (over: Over = {}): HelloRequestMsg => hello({ id: 'site-a', kind: 'site', ip: '', mac: '', label: 2001, ...over });

describe('checkHello', () => {
  it('accepts a configured server with its configured address and subnets', () => {
    expect(checkHello(hello({ mac: '00:00:00:00:00:01' }), directory)).toEqual({
      id: 'srv1',
      kind: 'server',
      ip: '10.0.0.1',
      mac: '00:00:00:00:00:01',
      subnets: ['192.200.0.0/16'],
      ports: { '192.200.0.0/16': [80] },
    });
  });

  it('takes an empty kind (an older agent) as a server', () => {
    expect(checkHello(hello({ kind: '' }), directory)).toMatchObject({ id: 'srv1', kind: 'server' });
  });

  it('refuses an id the SLR is not configured with', () => {
    expect(checkHello(hello({ id: 'srv9' }), directory)).toMatchObject({ reason: 'unknown-peer' });
  });

  it('refuses an ip or mac that differs from the configured one', () => {
    expect(checkHello(hello({ ip: '10.0.0.2' }), directory)).toMatchObject({ reason: 'address-mismatch', detail: expect.stringMatching(/10\.0\.0\.2.*10\.0\.0\.1/) });
    expect(checkHello(hello({ mac: '00:00:00:00:00:02' }), directory)).toMatchObject({ reason: 'address-mismatch' });
  });

  it('accepts any well-formed address when none is configured, and normalises mac case', () => {
    const r = checkHello(hello({ id: 'srv2', ip: '10.9.9.9', mac: 'AA:BB:CC:DD:EE:FF' }), directory);
    expect(r).toMatchObject({ ip: '10.9.9.9', mac: 'aa:bb:cc:dd:ee:ff' });
  });

  it('refuses a subnet the server is not configured to serve', () => {
    const r = checkHello(hello({ subnets: [{ subnet: '192.201.0.0/16', ports: [80] }] }), directory);
    expect(r).toEqual({ reason: 'unconfigured-subnet', detail: "server 'srv1' is not configured to serve 192.201.0.0/16" });
  });

  it('compares subnets canonically (host bits, IPv6 spelling)', () => {
    const r = checkHello(hello({ id: 'srv2', subnets: [{ subnet: '2001:0DB8:0:0::/32', ports: [443] }] }), directory);
    expect(r).toMatchObject({ subnets: ['2001:db8::/32'] });
  });

  it('refuses malformed hellos', () => {
    expect(checkHello(hello({ ip: 'x' }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ mac: '00:00' }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ subnets: [] }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ subnets: [{ subnet: '192.200.0.0/16', ports: [0] }] }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(hello({ kind: 'router' }), directory)).toMatchObject({ reason: 'malformed' });
  });

  it('registers a site SLR by its id and MPLS label, with no address', () => {
    expect(checkHello(siteHello(), directory)).toEqual({ id: 'site-a', kind: 'site', label: 2001, subnets: ['192.200.0.0/16'], ports: { '192.200.0.0/16': [80] } });
  });

  it('refuses a registrant that says it is another kind than configured', () => {
    expect(checkHello(hello({ id: 'site-a' }), directory)).toMatchObject({ reason: 'kind-mismatch', detail: "'site-a' is configured as a site, not a server" });
    expect(checkHello(siteHello({ id: 'srv1' }), directory)).toMatchObject({ reason: 'kind-mismatch' });
  });

  it('needs a label from a site, checks it against a configured one, and refuses reserved labels', () => {
    expect(checkHello(siteHello({ label: 0 }), directory)).toMatchObject({ reason: 'malformed', detail: expect.stringMatching(/no MPLS label/) });
    expect(checkHello(siteHello({ label: 15 }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(siteHello({ label: 0x100000 }), directory)).toMatchObject({ reason: 'malformed' });
    expect(checkHello(siteHello({ id: 'site-b', label: 2003 }), directory)).toMatchObject({ reason: 'address-mismatch' });
    expect(checkHello(siteHello({ id: 'site-b', label: 0 }), directory)).toMatchObject({ id: 'site-b', label: 2002 });
  });
});
