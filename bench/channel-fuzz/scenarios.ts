// The hostile-switch scenarios. Each returns what happened and whether that is what
// the controller must do; the runner adds the canary's latency over the scenario and
// whether the controller is still alive afterwards.
import * as net from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AttackJob, FloodResult, MutationResult } from './attack-worker';
import { malformedCases, MARKER_XID } from './malformed-cases';
import { RawSwitch } from './raw-switch';
import type { Target } from './target';

export interface ScenarioOutcome {
  ok: boolean;
  outcome: string;
  details: Record<string, unknown>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function runAttack<R>(job: AttackJob): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'attack-worker.js'), { workerData: job });
    worker.once('message', (m: { kind: string; error?: string }) => {
      void worker.terminate();
      if (m.kind === 'error') reject(new Error(m.error));
      else resolve(m as R);
    });
    worker.once('error', reject);
  });
}

export async function idle(seconds: number): Promise<ScenarioOutcome> {
  await sleep(seconds * 1000);
  return { ok: true, outcome: `no attack for ${seconds} s (the canary's reference)`, details: {} };
}

export async function flood(t: Target, connections: number, seconds: number): Promise<ScenarioOutcome> {
  const r = await runAttack<FloodResult>({ kind: 'flood', host: t.host, port: t.port, connections, seconds, dpidBase: '0xf100d000' });
  const rate = Math.round(r.sent / r.seconds);
  return {
    ok: true,
    outcome: `${connections} switch(es) flooded ${r.sent.toLocaleString('en-US')} PACKET_INs in ${r.seconds.toFixed(1)} s (${rate.toLocaleString('en-US')}/s)`,
    details: { floodSent: r.sent, floodSeconds: r.seconds, floodRatePerSec: rate, floodConnectionsLost: r.connectionsLost },
  };
}

export async function mutations(t: Target, messages: number, seed: number): Promise<ScenarioOutcome> {
  const t0 = Date.now();
  const r = await runAttack<MutationResult>({ kind: 'mutations', host: t.host, port: t.port, messages, seed, concurrency: 32, dpidBase: '0x3b000000' });
  const secs = (Date.now() - t0) / 1000;
  return {
    ok: r.errorAnsweredWithError === 0,
    outcome: `${r.messages.toLocaleString('en-US')} mutated messages handled over ${r.connections.toLocaleString('en-US')} connections in ${secs.toFixed(0)} s: `
      + `${r.closedAsExpected} closed and ${r.echoedAsExpected} kept as replayed, ${r.surprises} otherwise, `
      + `${r.errorsReceived} ERRORs back, ${r.errorAnsweredWithError} answering an ERROR (seed ${seed})`,
    details: { mutations: r.messages, mutationConnections: r.connections, mutationSurprises: r.surprises, errorAnsweredWithError: r.errorAnsweredWithError, samples: r.samples },
  };
}

/** One raw connection: write, then wait for the close or the marker's ECHO_REPLY. */
async function exchange(t: Target, dpid: bigint, bytes: Buffer, waitMs = 10_000): Promise<{ closed: boolean; echoed: boolean; errors: Array<[number, number]>; errorToError: number }> {
  const sw = new RawSwitch(t.host, t.port, { dpid, hello: false, answer: false });
  let echoed = false;
  let errorToError = 0;
  sw.onFrame = (type, frame) => {
    if (type === 3 && frame.readUInt32BE(4) === MARKER_XID) echoed = true;
    if (type === 1 && frame.length >= 20 && frame[13] === 1) errorToError++;
  };
  sw.write(bytes);
  const deadline = Date.now() + waitMs;
  while (!sw.isClosed && !echoed && Date.now() < deadline) await sleep(2);
  const closed = sw.isClosed;
  sw.close();
  return { closed, echoed, errors: sw.errorsIn, errorToError };
}

export async function malformed(t: Target): Promise<ScenarioOutcome> {
  const failures: string[] = [];
  let errorToError = 0;
  let dpid = 0xbad0000n;
  const cases = malformedCases();
  for (const c of cases) {
    const r = await exchange(t, dpid++, c.bytes);
    errorToError += r.errorToError;
    const got = JSON.stringify(r.errors);
    const want = JSON.stringify(c.errors);
    const stayed = r.echoed && !r.closed;
    if (got !== want || stayed !== c.stays || (!c.stays && !r.closed)) {
      failures.push(`${c.name}: errors ${got} (want ${want}), ${stayed ? 'stayed' : r.closed ? 'closed' : 'hung'} (want ${c.stays ? 'stay' : 'close'})`);
    }
  }
  return {
    ok: failures.length === 0 && errorToError === 0,
    outcome: failures.length === 0
      ? `${cases.length} cases answered as the spec says; no ERROR answered with an ERROR`
      : `${failures.length}/${cases.length} cases wrong: ${failures.join('; ')}`,
    details: { malformedCases: cases.length, malformedWrong: failures.length, errorAnsweredWithError: errorToError },
  };
}

export async function duplicateDpid(t: Target): Promise<ScenarioOutcome> {
  const a = await RawSwitch.open(t.host, t.port, { dpid: 0xd0b1en });
  const b = await RawSwitch.open(t.host, t.port, { dpid: 0xd0b1en });
  const deadline = Date.now() + 3000;
  while (!a.isClosed && Date.now() < deadline) await sleep(5);
  await sleep(100);
  const ok = a.isClosed && !b.isClosed;
  a.close();
  b.close();
  return {
    ok,
    outcome: ok ? 'the older connection of datapath 0xd0b1e was closed, the newer one kept' : `older ${a.isClosed ? 'closed' : 'open'}, newer ${b.isClosed ? 'closed' : 'open'}`,
    details: {},
  };
}

/** `n` TCP connections that never speak and `n` that send HELLO and then nothing. */
export async function idleConnections(t: Target, n: number, handshakeMs: number): Promise<ScenarioOutcome> {
  const rssBefore = t.rssMb();
  const silent: net.Socket[] = [];
  const half: RawSwitch[] = [];
  for (let i = 0; i < n; i++) {
    const s = net.connect({ host: t.host, port: t.port });
    s.on('error', () => undefined);
    s.on('data', () => undefined);
    silent.push(s);
    half.push(new RawSwitch(t.host, t.port, { dpid: 0x1d1e0000n + BigInt(i), answer: false }));
    if (i % 100 === 99) await sleep(20);
  }
  await sleep(1000);
  const rssHeld = t.rssMb();
  // The handshake timeout must end every one of them.
  const deadline = Date.now() + handshakeMs + 5000;
  const openCount = (): number => silent.filter((s) => !s.destroyed && s.readyState !== 'closed').length + half.filter((h) => !h.isClosed).length;
  for (const s of silent) s.once('end', () => s.destroy());
  while (openCount() > 0 && Date.now() < deadline) await sleep(100);
  const left = openCount();
  await sleep(1000);
  const rssAfter = t.rssMb();
  for (const s of silent) s.destroy();
  for (const h of half) h.close();
  return {
    ok: left === 0,
    outcome: `${n} silent + ${n} half-handshaken connections: controller RSS ${rssBefore.toFixed(0)} MB -> ${rssHeld.toFixed(0)} MB held -> `
      + `${rssAfter.toFixed(0)} MB after the handshake timeout closed ${2 * n - left}/${2 * n}`,
    details: { idleConnections: 2 * n, idleLeftOpen: left, rssBeforeMb: rssBefore, rssIdleHeldMb: rssHeld, rssIdleAfterMb: rssAfter },
  };
}

/** A slow-loris HELLO (one byte per 200 ms) and a switch that never reads while asking for echoes. */
export async function slowPeers(t: Target, handshakeMs: number, stallMs: number): Promise<ScenarioOutcome> {
  const loris = new RawSwitch(t.host, t.port, { dpid: 0x5105n, hello: false, answer: false });
  const hello = Buffer.from('04000010000000010001000800000010', 'hex');
  let i = 0;
  const drip = setInterval(() => { if (i < hello.length && !loris.isClosed) loris.write(hello.subarray(i, ++i)); }, 200);

  const reader = await RawSwitch.open(t.host, t.port, { dpid: 0x5106n });
  reader.socket.pause(); // from now on it never reads
  reader.socket.removeAllListeners('data');
  const rssBefore = t.rssMb();
  let rssPeak = rssBefore;
  const echo = Buffer.alloc(60_000);
  echo.writeUInt8(4, 0); echo.writeUInt8(2, 1); echo.writeUInt16BE(echo.length, 2);
  let asked = 0;
  const deadline = Date.now() + Math.max(handshakeMs, stallMs) + 6000;
  while ((!reader.isClosed || !loris.isClosed) && Date.now() < deadline) {
    for (let k = 0; k < 8 && !reader.isClosed; k++) {
      echo.writeUInt32BE(++asked, 4);
      reader.write(echo);
    }
    rssPeak = Math.max(rssPeak, t.rssMb());
    await sleep(20);
  }
  clearInterval(drip);
  const ok = reader.isClosed && loris.isClosed;
  await sleep(500);
  const rssAfter = t.rssMb();
  loris.close();
  reader.close();
  return {
    ok,
    outcome: `slow-loris HELLO ${loris.isClosed ? 'closed by the handshake timeout' : 'still open'}; a reader that never drains `
      + `(${asked} x 60 KB ECHO_REQUESTs) ${reader.isClosed ? 'disconnected' : 'still open'}; controller RSS peak ${rssPeak.toFixed(0)} MB `
      + `(from ${rssBefore.toFixed(0)}), ${rssAfter.toFixed(0)} MB after`,
    details: { slowReaderClosed: reader.isClosed, slowLorisClosed: loris.isClosed, rssSlowPeakMb: rssPeak, rssSlowAfterMb: rssAfter },
  };
}
