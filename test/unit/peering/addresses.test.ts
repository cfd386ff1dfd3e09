import { grpcTarget, parseAddress } from '../../../peering/address';
import { canonicalCidr, cidrContains, parseCidr, parseIp } from '../../../peering/cidr';

describe('listen/connect addresses', () => {
  it('parses unix socket paths and host:port', () => {
    expect(parseAddress('unix:/tmp/slr/agents.sock')).toEqual({ kind: 'unix', path: '/tmp/slr/agents.sock' });
    expect(parseAddress('unix:///tmp/a.sock')).toEqual({ kind: 'unix', path: '/tmp/a.sock' });
    expect(parseAddress('127.0.0.1:50051')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 50051 });
    expect(parseAddress('[::1]:7')).toEqual({ kind: 'tcp', host: '::1', port: 7 });
  });

  it('rejects relative unix paths, missing ports and bad ports', () => {
    expect(() => parseAddress('unix:rel.sock')).toThrow(/absolute/);
    expect(() => parseAddress('localhost')).toThrow(/unix:\/path or host:port/);
    expect(() => parseAddress('localhost:70000')).toThrow(/out of range/);
  });

  it('formats grpc targets', () => {
    expect(grpcTarget(parseAddress('unix:/tmp/a.sock'))).toBe('unix:/tmp/a.sock');
    expect(grpcTarget(parseAddress('[::1]:7'))).toBe('[::1]:7');
    expect(grpcTarget(parseAddress('localhost:7'))).toBe('localhost:7');
  });
});

describe('CIDR helpers', () => {
  it('canonicalises IPv4 and IPv6 subnets', () => {
    expect(canonicalCidr('192.200.3.4/16')).toBe('192.200.0.0/16');
    expect(canonicalCidr('10.0.0.1/32')).toBe('10.0.0.1/32');
    expect(canonicalCidr('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(canonicalCidr('2001:DB8:0:0:1::/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('fe80::1:0:0:1/128')).toBe('fe80::1:0:0:1/128');
    expect(canonicalCidr('1:0:0:2:0:0:0:3/128')).toBe('1:0:0:2::3/128');
  });

  it('rejects non-CIDRs', () => {
    expect(canonicalCidr('192.200.0.0')).toBeUndefined();
    expect(canonicalCidr('192.200.0.0/33')).toBeUndefined();
    expect(canonicalCidr('300.0.0.0/8')).toBeUndefined();
  });

  it('tests containment by family and prefix', () => {
    const c = parseCidr('192.200.0.0/16')!;
    expect(cidrContains(c, 4, parseIp('192.200.255.1')!.value)).toBe(true);
    expect(cidrContains(c, 4, parseIp('192.201.0.1')!.value)).toBe(false);
    expect(cidrContains(c, 6, parseIp('::c0c8:1')!.value)).toBe(false);
    const six = parseCidr('2001:db8::/32')!;
    expect(cidrContains(six, 6, parseIp('2001:db8:ffff::1')!.value)).toBe(true);
    expect(parseIp('::ffff:1.2.3.4')!.value).toBe(0xffff01020304n);
  });
});
