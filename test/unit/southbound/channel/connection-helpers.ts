// Shared set-up for SwitchConnection unit tests: a connection on one end of an
// in-memory pair and an emulated switch on the other.
import { type ChannelConfig, type ChannelLogger, DEFAULT_CHANNEL_CONFIG } from '../../../../southbound/channel/config';
import { SwitchConnection } from '../../../../southbound/channel/switch-connection';
import { FakeSwitch, type FakeSwitchOptions } from '../../../support/fake-switch';
import { type MemoryEnd, memoryPair } from './memory-transport';

export interface LogLine { level: string; obj: object; msg?: string }

export function captureLogger(): ChannelLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, obj, msg }); };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  conn: SwitchConnection;
  fake: FakeSwitch;
  ctl: MemoryEnd;
  sw: MemoryEnd;
  log: ReturnType<typeof captureLogger>;
  closeReasons: string[];
}

export function connect(cfg: Partial<ChannelConfig> = {}, swOpts: FakeSwitchOptions = {}, highWaterMark?: number): Harness {
  const [ctl, sw] = memoryPair(highWaterMark);
  const log = captureLogger();
  const conn = new SwitchConnection(ctl, { ...DEFAULT_CHANNEL_CONFIG, ...cfg }, log, 'memory');
  const closeReasons: string[] = [];
  conn.onClose = (reason) => closeReasons.push(reason);
  const fake = new FakeSwitch(sw, swOpts);
  return { conn, fake, ctl, sw, log, closeReasons };
}

/** Let real I/O callbacks and immediates run (streams, the send queue's flush). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Fake timers that leave the event loop's own machinery real. */
export function useFakeClock(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
}
