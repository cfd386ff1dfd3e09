import { DEFAULT_FORWARDING_CONFIG, type ForwardingConfig } from '../../../../apps/forwarding/config';
import { decideFlowRemoved, decidePacketIn, decidePortGone, newSwitchState } from '../../../../apps/forwarding/decide';
import { LEARNED_COOKIE } from '../../../../apps/forwarding/flows';
import { MacTable } from '../../../../apps/forwarding/mac-table';
import { LearnedFlows } from '../../../../apps/forwarding/learned-flows';
import type { Change } from '../../../../controller/changes';

const OFPP_FLOOD = 0xfffffffb;
const OFPFF_SEND_FLOW_REM = 1;

const H1 = '02:00:00:00:00:01';
const H2 = '02:00:00:00:00:02';
const BCAST = 'ff:ff:ff:ff:ff:ff';

function frame(dst: string, src: string): Buffer {
  const hex = (m: string): string => m.replace(/:/g, '');
  return Buffer.from(`${hex(dst)}${hex(src)}0800${'00'.repeat(46)}`, 'hex');
}

const cfg: ForwardingConfig = { ...DEFAULT_FORWARDING_CONFIG, idleTimeout: 30, macAgeSeconds: 10 };

function kinds(changes: Change[]): string[] {
  return changes.map((c) => c.kind);
}

describe('forwarding decisions', () => {
  it('floods an unknown destination and learns the source', () => {
    const s = newSwitchState(cfg);
    const changes = decidePacketIn(s, cfg, 1, frame(H2, H1), 0);
    expect(changes).toEqual([{ kind: 'packet-out', inPort: 1, actions: [{ type: 'OUTPUT', port: OFPP_FLOOD, maxLen: 0 }], data: frame(H2, H1), bufferId: undefined }]);
    expect(s.macs.lookup(0x020000000001, 0)).toBe(1);
  });

  it('floods broadcast even when it could be known, and never learns a group source', () => {
    const s = newSwitchState(cfg);
    expect(kinds(decidePacketIn(s, cfg, 1, frame(BCAST, H1), 0))).toEqual(['packet-out']);
    decidePacketIn(s, cfg, 2, frame(H1, '03:00:00:00:00:09'), 0);
    expect(s.macs.size).toBe(1);
  });

  it('installs an exact-match flow and sends the packet for a known destination', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 2, frame(BCAST, H2), 0); // H2 lives on port 2
    const data = frame(H2, H1);
    const changes = decidePacketIn(s, cfg, 1, data, 1000);
    expect(changes).toEqual([
      {
        kind: 'add-flow',
        flow: {
          tableId: 5, priority: 10, cookie: LEARNED_COOKIE, idleTimeout: 30, hardTimeout: 0, flags: OFPFF_SEND_FLOW_REM,
          match: [{ field: 'in_port', value: 1 }, { field: 'eth_src', value: H1 }, { field: 'eth_dst', value: H2 }],
          instructions: [{ type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 2, maxLen: 0 }] }],
        },
      },
      { kind: 'packet-out', inPort: 1, actions: [{ type: 'OUTPUT', port: 2, maxLen: 0 }], data, bufferId: undefined },
    ]);
    expect([...s.flows.values()]).toEqual([{ inPort: 1, ethSrc: H1, ethDst: H2, outPort: 2 }]);
  });

  it('drops a frame whose destination is on its arrival port', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 1, frame(BCAST, H2), 0);
    expect(decidePacketIn(s, cfg, 1, frame(H2, H1), 0)).toEqual([]);
  });

  it('forgets a MAC after it ages out (injected time)', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 2, frame(BCAST, H2), 0);
    expect(kinds(decidePacketIn(s, cfg, 1, frame(H2, H1), 9_000))).toEqual(['add-flow', 'packet-out']);
    expect(kinds(decidePacketIn(s, cfg, 1, frame(H2, H1), 10_001))).toEqual(['packet-out']);
  });

  it('removes flows towards a MAC that moved to another port', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 2, frame(BCAST, H2), 0);
    decidePacketIn(s, cfg, 1, frame(H2, H1), 0);
    const changes = decidePacketIn(s, cfg, 3, frame(BCAST, H2), 0);
    expect(changes[0]).toEqual({
      kind: 'delete-flows',
      filter: { match: [{ field: 'eth_dst', value: H2 }], outPort: undefined, cookie: LEARNED_COOKIE, cookieMask: (1n << 48n) - 1n },
    });
    expect(s.flows.size).toBe(0);
    expect(s.macs.lookup(0x020000000002, 0)).toBe(3);
  });

  it('forgets MACs and deletes flows in and out of a port that went down', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 2, frame(BCAST, H2), 0);
    decidePacketIn(s, cfg, 1, frame(H2, H1), 0);
    decidePacketIn(s, cfg, 3, frame(H2, '02:00:00:00:00:03'), 0);
    expect(s.flows.size).toBe(2);
    const changes = decidePortGone(s, 2);
    expect(s.macs.lookup(0x020000000002, 0)).toBeUndefined();
    expect(s.macs.lookup(0x020000000001, 0)).toBe(1);
    expect(s.flows.size).toBe(0);
    expect(changes).toEqual([
      { kind: 'delete-flows', filter: { match: [], outPort: 2, cookie: LEARNED_COOKIE, cookieMask: (1n << 48n) - 1n } },
      { kind: 'delete-flows', filter: { match: [{ field: 'in_port', value: 2 }], outPort: undefined, cookie: LEARNED_COOKIE, cookieMask: (1n << 48n) - 1n } },
    ]);
  });

  it('stops wanting a flow the switch removed', () => {
    const s = newSwitchState(cfg);
    decidePacketIn(s, cfg, 2, frame(BCAST, H2), 0);
    decidePacketIn(s, cfg, 1, frame(H2, H1), 0);
    decideFlowRemoved(s, [{ field: 'eth_dst', value: H2.toUpperCase() }, { field: 'in_port', value: 1 }, { field: 'eth_src', value: H1 }]);
    expect(s.flows.size).toBe(0);
  });

  it('releases a switch-buffered packet by reference', () => {
    const s = newSwitchState(cfg);
    const [po] = decidePacketIn(s, cfg, 1, frame(BCAST, H1), 0, 77);
    expect(po).toMatchObject({ kind: 'packet-out', bufferId: 77 });
  });

  it('ignores runt frames', () => {
    expect(decidePacketIn(newSwitchState(cfg), cfg, 1, Buffer.alloc(10), 0)).toEqual([]);
  });
});

describe('bounded tables', () => {
  it('evicts MACs not learned recently and keeps refreshed ones', () => {
    const t = new MacTable(4, 60_000);
    t.learn(1, 1, 0);
    t.learn(2, 1, 0);
    t.learn(3, 1, 0);
    expect(t.learn(1, 1, 1)).toBe('refreshed'); // 2 is now the least recently learned
    expect(t.learn(4, 1, 2)).toBe('new');
    expect(t.size).toBeLessThanOrEqual(4);
    expect(t.lookup(2, 2)).toBeUndefined();
    expect(t.lookup(1, 2)).toBe(1);
    expect(t.lookup(3, 2)).toBe(1);
    expect(t.lookup(4, 2)).toBe(1);
    expect(t.evictions).toBe(1);
  });

  it('keeps at most maxFlows learned flows', () => {
    const f = new LearnedFlows(2);
    f.add(1, 0xa, 0xf, 2);
    f.add(1, 0xb, 0xf, 2);
    f.add(1, 0xc, 0xf, 2);
    expect([...f.values()].map((v) => v.ethSrc)).toEqual(['00:00:00:00:00:0b', '00:00:00:00:00:0c']);
    expect(f.evictions).toBe(1);
    expect(f.remove(1, 0xb, 0xf)).toBe(true);
    expect(f.remove(1, 0xb, 0xf)).toBe(false);
    expect(f.size).toBe(1);
  });

  it('stays bounded under 100k distinct sources, like ofbench sends', () => {
    const small: ForwardingConfig = { ...cfg, maxMacsPerDatapath: 1000, maxFlowsPerDatapath: 500 };
    const s = newSwitchState(small);
    decidePacketIn(s, small, 2, frame(BCAST, '06:00:00:01:00:00'), 0);
    let flowMods = 0;
    for (let i = 0; i < 100_000; i++) {
      if (i % 500 === 0) decidePacketIn(s, small, 2, frame(BCAST, '06:00:00:01:00:00'), 0); // relearn, as ofbench does
      const src = `02:01:${[24, 16, 8, 0].map((sh) => ((i >>> sh) & 0xff).toString(16).padStart(2, '0')).join(':')}`;
      const changes = decidePacketIn(s, small, 1, frame('06:00:00:01:00:00', src), 0);
      if (changes[0]?.kind === 'add-flow') flowMods++;
    }
    expect(s.macs.size).toBeLessThanOrEqual(1000);
    expect(s.flows.size).toBeLessThanOrEqual(500);
    expect(flowMods).toBe(100_000);
  });
});
