import { extendPath, isValidLabel, MAX_LABEL, MAX_LABEL_STACK, MAX_TUNNEL_ID, MIN_LABEL, parsePathKey, pathKey, type Path } from '../../../level/path';

describe('path keys', () => {
  const paths: Path[] = [
    { kind: 'local', port: 1, mac: '00:00:00:0b:00:01' },
    { kind: 'local', port: 0xffffff00, mac: 'ff:ee:dd:cc:bb:aa' },
    { kind: 'mpls', port: 2, labels: [1001] },
    { kind: 'mpls', port: 2, labels: [1001, 2011, 30111] },
    { kind: 'mpls', port: 7, labels: [MIN_LABEL, MAX_LABEL] },
    { kind: 'ip-tunnel', port: 20 },
    { kind: 'ip-tunnel', port: 20, tunnelId: 0 },
    { kind: 'ip-tunnel', port: 20, tunnelId: MAX_TUNNEL_ID },
  ];

  it('round-trip: parsePathKey(pathKey(p)) is p, and equal paths have equal keys', () => {
    for (const p of paths) expect(parsePathKey(pathKey(p))).toEqual(p);
    expect(pathKey({ kind: 'mpls', port: 2, labels: [1001, 2011] })).toBe(pathKey({ port: 2, labels: [1001, 2011], kind: 'mpls' }));
    expect(new Set(paths.map(pathKey)).size).toBe(paths.length);
  });

  it('read nothing from a corrupt mirror entry', () => {
    const bad = [
      '', 'local', 'local:1', 'local:1:00:00:00:0b:00', 'local:1:00:00:00:0B:00:01', 'local:0:00:00:00:0b:00:01', 'local:-1:00:00:00:0b:00:01',
      'local:4294967040x:00:00:00:0b:00:01', 'local:4294967041:00:00:00:0b:00:01', 'mpls:2:', 'mpls:2:15', 'mpls:2:1048576', 'mpls:2:1001/2011/30111/40000',
      'mpls:2:1001//2011', 'mpls:2:1001:2011', 'mpls:2:10.5', 'mpls:x:1001', 'gre:2:1001',
      'ip-tunnel', 'ip-tunnel:0', 'ip-tunnel:20:', 'ip-tunnel:20:16777216', 'ip-tunnel:20:-1', 'ip-tunnel:20:1.5', 'ip-tunnel:20:7:8', 'ip-tunnel:x:7',
    ];
    for (const key of bad) expect({ key, path: parsePathKey(key) }).toEqual({ key, path: undefined });
  });
});

describe('extendPath (the shortcut)', () => {
  const toAs: Path = { kind: 'mpls', port: 2, labels: [1001] };

  it('puts this level\'s labels first, then the stack from below, out of the same port', () => {
    expect(extendPath(toAs, [2011, 30111])).toEqual({ kind: 'mpls', port: 2, labels: [1001, 2011, 30111] });
    expect(extendPath(toAs, [])).toEqual(toAs);
    expect(toAs.labels).toEqual([1001]);
  });

  it(`refuses stacks deeper than ${MAX_LABEL_STACK} in all, invalid labels, and a path that ends at a local server`, () => {
    expect(extendPath(toAs, [2011, 30111, 40000])).toBeUndefined();
    expect(extendPath({ kind: 'mpls', port: 2, labels: [1001, 2011] }, [30111, 40000])).toBeUndefined();
    expect(extendPath(toAs, [15])).toBeUndefined();
    expect(extendPath(toAs, [MAX_LABEL + 1])).toBeUndefined();
    expect(extendPath(toAs, [2011.5])).toBeUndefined();
    expect(extendPath({ kind: 'local', port: 1, mac: '00:00:00:0b:00:01' }, [30111])).toBeUndefined();
  });

  it('knows the reserved label range (RFC 3032)', () => {
    expect([0, 15, 16, 0xfffff, 0x100000, -1, 1.5].map(isValidLabel)).toEqual([false, false, true, true, false, false, false]);
  });
});
