// Rate limiting at the source: the core installs a DROP meter on each switch's
// controller port (spec 7.3.4.4, OFPM_CONTROLLER), falls back to MODIFY when it
// exists, reads the band count and exports what the switch dropped, per datapath.
import { Controller } from '../../../controller/controller';
import { pino } from 'pino';
import type { Logger } from '../../../controller/logger';
import { OFPM_CONTROLLER, OFPMC_ADD, OFPMC_MODIFY, OFPMF_BURST, OFPMF_PKTPS } from '../../../southbound/codec/constants';
import { ChannelError } from '../../../southbound/channel/errors';
import type { MeterMod, MultipartReply, MultipartRequest, OfMessage } from '../../../southbound/codec/types';
import { FakeLink, settle } from './support/fake-link';

class MeterLink extends FakeLink {
  readonly requests: OfMessage[] = [];
  meterExists = false;
  refuse = false;
  bandCount = 0n;

  async request<T extends OfMessage = OfMessage>(msg: OfMessage): Promise<T> {
    this.requests.push(msg);
    if (this.refuse) throw Object.assign(new ChannelError('OF_ERROR', 'bad request'), { ofErrorType: 1, ofErrorCode: 1 });
    if (msg.type === 'METER_MOD' && msg.command === OFPMC_ADD && this.meterExists) {
      throw Object.assign(new ChannelError('OF_ERROR', 'meter exists'), { ofErrorType: 12, ofErrorCode: 1 });
    }
    return { type: 'BARRIER_REPLY', xid: 0 } as T;
  }

  override async multipart(req: MultipartRequest): Promise<MultipartReply[]> {
    if (req.mpType !== 'METER') return super.multipart(req);
    return [{
      type: 'MULTIPART_REPLY', xid: 0, flags: 0, mpType: 'METER',
      body: [{ meterId: OFPM_CONTROLLER, flowCount: 0, packetInCount: 0n, byteInCount: 0n, durationSec: 1, durationNsec: 0, bandStats: [{ packetBandCount: this.bandCount, byteBandCount: 0n }] }],
    }];
  }
}

function logCapture(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } });
  return { log, lines };
}

const opts = { ratePerSec: 500, burst: 100, meterStatsIntervalMs: 60_000, logIntervalMs: 60_000 };

describe('PACKET_IN meter on the controller port', () => {
  it('installs a pktps DROP meter for OFPM_CONTROLLER when a switch connects', async () => {
    const ctl = new Controller({ log: logCapture().log, packetInMeter: opts });
    const link = new MeterLink(7n);
    ctl.attach(link);
    await settle();
    const mod = link.requests[0] as MeterMod;
    expect(mod).toMatchObject({ type: 'METER_MOD', command: OFPMC_ADD, meterId: 0xfffffffe, bands: [{ type: 'DROP', rate: 500, burstSize: 100 }] });
    expect(mod.flags & (OFPMF_PKTPS | OFPMF_BURST)).toBe(OFPMF_PKTPS | OFPMF_BURST);
    await ctl.stop();
  });

  it('modifies the meter an earlier connection left (METER_EXISTS)', async () => {
    const ctl = new Controller({ log: logCapture().log, packetInMeter: opts });
    const link = new MeterLink(7n);
    link.meterExists = true;
    ctl.attach(link);
    await settle();
    expect(link.requests.map((m) => (m as MeterMod).command)).toEqual([OFPMC_ADD, OFPMC_MODIFY]);
    await ctl.stop();
  });

  it('counts what the meter dropped per datapath, monotonic across a meter reset, logging once per interval', async () => {
    const { log, lines } = logCapture();
    const ctl = new Controller({ log, packetInMeter: opts });
    const link = new MeterLink(7n);
    ctl.attach(link);
    await settle();
    const meters = ctl.packetInMeters!;
    link.bandCount = 40n;
    await meters.poll();
    link.bandCount = 100n;
    await meters.poll();
    link.bandCount = 5n; // the meter was re-created
    await meters.poll();
    expect(meters.droppedAtSwitch.get('0000000000000007')).toBe(105);
    expect(lines.filter((l) => l.msg === 'switch over its PACKET_IN limit: its meter dropped the excess')).toHaveLength(1);
    await ctl.stop();
  });

  it('logs a switch that refuses the meter and leaves it to the controller-side limit', async () => {
    const { log, lines } = logCapture();
    const ctl = new Controller({ log, packetInMeter: opts });
    const link = new MeterLink(9n);
    link.refuse = true;
    ctl.attach(link);
    await settle();
    expect(lines.some((l) => String(l.msg).startsWith('switch refused the PACKET_IN meter'))).toBe(true);
    expect(ctl.packetInMeters!.droppedAtSwitch.size).toBe(0);
    await ctl.stop();
  });
});
