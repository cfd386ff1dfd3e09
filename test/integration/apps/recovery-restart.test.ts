// A controller restarted on the same Redis without a spare (issue 10, item 4), with a
// real Redis and the process's real apps over a simulated ingress switch: the pins the
// first run mirrored are loaded before any switch connects, so reconciliation keeps their
// flows, and the connections' later packets go to the same servers without the controller.
import { ManualClock } from '../../../controller/clock';
import { silentLogger } from '../../../controller/logger';
import { RedisStore } from '../../../controller/store/redis-store';
import { PipelineApp } from '../../../apps/pipeline/pipeline-app';
import { PRIORITY, TABLE } from '../../../apps/pipeline/layout';
import { recoveryConfigFrom } from '../../../apps/recovery/config';
import { SlrProcess } from '../../../cli/slr-process';
import { SlrLevel } from '../../../level/slr-level';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { SimController } from '../../support/sim-controller';
import { TCP_ACK, tcpPacket } from '../../support/sim-packet';
import { levelConfig } from '../../unit/apps/slr-apps';
import { waitFor } from '../controller/store/helpers';

jest.setTimeout(30_000);

const DPID = 1n;
const VIP = '192.200.0.10';
const PORTS: Record<string, number> = { srv1: 11, srv2: 12 };

let server: RedisServerHandle;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server.stop();
});

const config = levelConfig({
  ingress: { dpids: ['0000000000000001'], vipMac: '02:00:00:00:00:01', gatewayIps: [], pinIdleTimeoutSec: 30 },
  targets: [
    { id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 11 } },
    { id: 'srv2', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.1.0.12', mac: '02:00:00:00:01:12', port: 12 } },
  ],
  services: [{ id: 'web', prefix: `${VIP}/32`, protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' }],
  policies: { least: { type: 'least-load' } },
});

/** One controller process on the shared Redis, its apps over one simulated switch. */
async function controllerProcess(keyPrefix: string, restore: boolean, startOpts: { restorePins?: boolean } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const store = new RedisStore({ url: server.url, keyPrefix, maxReconnectDelayMs: 200 });
  const level = new SlrLevel({ config, store, log: silentLogger(), clock });
  const proc = new SlrProcess([level], [{ level: config, where: 'serviceRouting' }], silentLogger(), undefined, recoveryConfigFrom({ restorePinsOnStart: restore }));
  await proc.startLevels(startOpts);
  const ctl = new SimController([new PipelineApp(), ...proc.apps()], [DPID], clock);
  ctl.start();
  level.engine.updateTable();
  const send = (port: number, flags?: number) => ctl.send(DPID, tcpPacket({ inPort: 1, src: '10.0.1.1', dst: VIP, srcPort: port, dstPort: 80, flags }));
  return { level, store, proc, ctl, send };
}

describe('controller restart on the same Redis, no spare', () => {
  it('restores every pin before the first reconciliation: the switch keeps the pin flows and the connections their servers', async () => {
    const prefix = `restart-${process.pid}:`;
    const first = await controllerProcess(prefix, true);
    const servers = [40000, 40001, 40002].map((p) => first.send(p).outputs.map((o) => o.port));
    expect(new Set(servers.flat()).size).toBe(2);
    await waitFor('the pins to reach Redis', async () => (await first.store.pins.loadAll()).size === 3);
    // The first process dies without a word (its store is just dropped, as by SIGKILL).
    await first.store.close();

    const second = await controllerProcess(prefix, true);
    expect(second.level.pins.size).toBe(3);
    expect(second.level.counters.pinsRestored).toBe(3);
    // Its reconciliation (sync) holds the three pin flows...
    expect(second.ctl.sim(DPID).table(TABLE.pins).filter((f) => f.priority === PRIORITY.pins.pin)).toHaveLength(3);
    // ...and each connection's later packets keep their server, straight through the switch.
    for (const [i, p] of [40000, 40001, 40002].entries()) {
      const ack = second.send(p, TCP_ACK);
      expect(ack.packetIns).toEqual([]);
      expect(ack.outputs.map((o) => o.port)).toEqual(servers[i]);
    }
    expect(Object.values(PORTS)).toEqual(expect.arrayContaining(servers.flat()));
    await second.proc.stop();
  });

  it('without the restore, the restarted controller knows none of them: later packets are dropped, never decided afresh', async () => {
    const prefix = `norestore-${process.pid}:`;
    const first = await controllerProcess(prefix, true);
    first.send(41000);
    await waitFor('the pin to reach Redis', async () => (await first.store.pins.loadAll()).size === 1);
    await first.store.close();
    const second = await controllerProcess(prefix, false);
    expect(second.level.pins.size).toBe(0);
    const ack = second.send(41000, TCP_ACK);
    expect(ack.packetIns).toHaveLength(1);
    expect(ack.outputs).toEqual([]);
    expect(second.level.counters.unknownConnectionDrops).toBe(1);
    await second.proc.stop();
  });

  it('a hot spare starts with no pins (they come back at its promotion, from the mirror as it is then)', async () => {
    const prefix = `spare-${process.pid}:`;
    const master = await controllerProcess(prefix, true);
    master.send(42000);
    await waitFor('the pin to reach Redis', async () => (await master.store.pins.loadAll()).size === 1);
    const spare = await controllerProcess(prefix, true, { restorePins: false });
    expect(spare.level.pins.size).toBe(0);
    // The master's connection ends (its pin is released and the mirror forgets it) while the spare waits.
    master.level.pins.release({ proto: 6, srcIp: 0x0a000101, srcPort: 42000, dstIp: 0xc0c8000a, dstPort: 80 });
    await waitFor('the mirror to forget the pin', async () => (await master.store.pins.loadAll()).size === 0);
    // Promotion restores what the mirror holds now: nothing stale.
    expect(await spare.level.restorePins()).toBe(0);
    expect(spare.level.pins.size).toBe(0);
    await master.proc.stop();
    await spare.proc.stop();
  });
});
