// Rate limiting at the source on real Open vSwitch (issue 14): with
// openflow.packetInLimit the controller installs a DROP meter on each switch's
// controller port (spec 7.3.4.4, OFPM_CONTROLLER). A host flooding frames to an
// unknown destination then costs the controller at most the configured rate per
// switch; the switch drops the rest and the controller counts and logs it; the other
// hosts keep reaching each other.
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import { forwardingTestConfig, hasTableMiss } from '../support/forwarding-expect';
import { waitForTables } from '../support/switch-checks';

const RATE = 50;
const BURST = 50;
/** Runs in h1: 3,000 broadcast Ethernet frames out of its one interface in about 1.5 s. */
const FLOOD_PY = [
  'import socket,time',
  "n=[i for _,i in socket.if_nameindex() if i!='lo'][0]",
  's=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)',
  's.bind((n,0))',
  "f=bytes([255]*6+[2,0,0,0,0x99,1,0x88,0xb5])+bytes(46)",
  // 50 frames every 25 ms (about 2,000/s): 40 times the limit, yet paced so the netdev
  // port keeps them (a single 3,000-frame burst lost up to 85 % before the meter).
  '[(s.send(f), i % 50 == 49 and time.sleep(0.025)) for i in range(3000)]',
  "print('sent 3000')",
].join(';');

describe('PACKET_IN meter on the controller port (linear3, real OVS)', () => {
  let env: E2eNetwork;

  beforeAll(async () => {
    const base = forwardingTestConfig() as { openflow: object; log: object; apps: object };
    const config = {
      ...base,
      log: { level: 'info' },
      openflow: { ...base.openflow, packetInLimit: { ratePerSec: RATE, burst: BURST, meterStatsIntervalMs: 500, logIntervalMs: 1000 } },
    };
    env = await startE2eNetwork({ name: 'packet-in-meter', topology: 'topologies/linear3.json', controllerConfig: config });
    await env.net.waitConnected(30);
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('installs a pktps DROP meter for the controller port with the configured rate on every switch', async () => {
    for (const sw of ['s1', 's2', 's3']) {
      const out = await env.net.ofctl(sw, ['dump-meters']);
      expect(out.replace(/\s+/g, ' ')).toMatch(new RegExp(`meter=controller pktps burst stats bands= type=drop rate=${RATE} burst_size=${BURST}`));
    }
  });

  it("drops a host's flood at the switch, counts and logs it, and the other hosts still reach each other", async () => {
    const mark = env.controller.records.length;
    // 3,000 broadcast frames in about 1.5 s (raw socket, local experimental EtherType):
    // the forwarding app floods broadcasts without installing a flow, so each is a table
    // miss at s1. The meter passes RATE/s plus the burst (about 125); it must drop most
    // of the rest.
    const flood = await env.net.cmd('h1', `python3 -c "${FLOOD_PY}"`, 30);
    expect(flood.output).toMatch(/sent 3000/);
    const logged = await env.controller.waitForLog((r) => r.msg === 'switch over its PACKET_IN limit: its meter dropped the excess'
      && r.dpid === '0000000000000001' && Number(r.droppedTotal) > 1500, 10_000);
    expect(Number(logged.droppedTotal)).toBeLessThanOrEqual(3000);
    expect(env.controller.records.slice(mark).some((r) => r.msg === 'switch down')).toBe(false);
    await new Promise((r) => setTimeout(r, 2000)); // the meter's bucket refills
    await env.net.cmd('h2', 'ip neigh flush all');
    const res = await env.net.pingAll({ timeoutS: 3 });
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
  });
});
