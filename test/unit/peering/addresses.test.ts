import { grpcTarget, parseAddress } from '../../../peering/address';

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
