import { pipelineFlows } from '../../../../apps/pipeline/pipeline-app';
import { PRIORITY, TABLE } from '../../../../apps/pipeline/layout';

describe('the declared pipeline', () => {
  const flows = pipelineFlows();

  it('gives every table but the last a miss flow, each going only forward', () => {
    const last = Math.max(...Object.values(TABLE));
    for (const t of Object.values(TABLE)) {
      const miss = flows.filter((f) => f.tableId === t && f.priority === 0 && f.match.length === 0);
      expect({ table: t, misses: miss.length }).toEqual({ table: t, misses: t === last ? 0 : 1 });
    }
    for (const f of flows) {
      for (const i of f.instructions) if (i.type === 'GOTO_TABLE') expect(i.tableId).toBeGreaterThan(f.tableId ?? 0);
    }
  });

  it('sends MPLS frames to the tunnel tables and everything else to the pins', () => {
    const mpls = flows.find((f) => f.tableId === TABLE.classify && f.priority === PRIORITY.classify.mpls);
    expect(mpls?.match).toEqual([{ field: 'eth_type', value: 0x8847 }]);
    expect(mpls?.instructions).toEqual([{ type: 'GOTO_TABLE', tableId: TABLE.tunnelExit }]);
    const rest = flows.find((f) => f.tableId === TABLE.classify && f.priority === 0);
    expect(rest?.instructions).toEqual([{ type: 'GOTO_TABLE', tableId: TABLE.pins }]);
  });

  it('drops a label nobody declared (no instructions) instead of sending it on', () => {
    const miss = flows.find((f) => f.tableId === TABLE.labels && f.priority === 0);
    expect(miss?.instructions).toEqual([]);
  });

  it('keeps each priority band inside the 16-bit priority field and the SYN rule above the catch-all', () => {
    for (const band of Object.values(PRIORITY)) for (const p of Object.values(band)) expect(p).toBeGreaterThanOrEqual(0);
    expect(PRIORITY.services.synPacketIn).toBeGreaterThan(PRIORITY.services.packetIn);
  });
});
