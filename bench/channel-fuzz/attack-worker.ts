// The attackers that need CPU (the flood, the mutation stream) run in a worker thread,
// so the canary's event loop in the main thread measures the controller, not the
// attack generator.
import { parentPort, workerData } from 'node:worker_threads';
import { loadVectors } from '../../test/fixtures/openflow/load-vectors';
import { Prng } from '../fuzz/prng';
import { MARKER_XID, mutatedStream } from './mutated-stream';
import { packetInBytes, RawSwitch } from './raw-switch';

export type AttackJob =
  | { kind: 'flood'; host: string; port: number; connections: number; seconds: number; dpidBase: string }
  | { kind: 'mutations'; host: string; port: number; messages: number; seed: number; concurrency: number; dpidBase: string };

export interface FloodResult { kind: 'flood'; sent: number; seconds: number; connectionsLost: number }
export interface MutationResult {
  kind: 'mutations'; messages: number; connections: number; closedAsExpected: number; echoedAsExpected: number;
  /** Connections that ended otherwise than replayed (e.g. a mutated ERROR failed a handshake request). */
  surprises: number; errorsReceived: number; errorAnsweredWithError: number; samples: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function flood(job: Extract<AttackJob, { kind: 'flood' }>): Promise<FloodResult> {
  const base = BigInt(job.dpidBase);
  const sws = await Promise.all(Array.from({ length: job.connections }, (_, i) => RawSwitch.open(job.host, job.port, { dpid: base + BigInt(i) })));
  await sleep(300);
  const one = packetInBytes(1, 0xf100d, 0xdead);
  const per = Math.floor(65536 / one.length);
  const unit = Buffer.concat(Array.from({ length: per }, () => one));
  let written = 0;
  let running = true;
  const pump = (sw: RawSwitch): void => {
    while (running && !sw.isClosed) {
      written += per;
      if (!sw.write(unit)) {
        sw.socket.once('drain', () => pump(sw));
        return;
      }
    }
  };
  const t0 = process.hrtime.bigint();
  for (const sw of sws) pump(sw);
  await sleep(job.seconds * 1000);
  running = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // What is still in our socket buffers never reached the controller.
  const unsent = sws.reduce((n, sw) => n + Math.floor(sw.socket.writableLength / one.length), 0);
  const lost = sws.filter((sw) => sw.isClosed).length;
  for (const sw of sws) sw.close();
  return { kind: 'flood', sent: written - unsent, seconds, connectionsLost: lost };
}

async function mutations(job: Extract<AttackJob, { kind: 'mutations' }>): Promise<MutationResult> {
  const rng = new Prng(job.seed);
  const bases = loadVectors().map((v) => v.bytes);
  const res: MutationResult = {
    kind: 'mutations', messages: 0, connections: 0, closedAsExpected: 0, echoedAsExpected: 0, surprises: 0,
    errorsReceived: 0, errorAnsweredWithError: 0, samples: [],
  };
  let dpid = BigInt(job.dpidBase);
  const one = async (): Promise<void> => {
    const stream = mutatedStream(rng, bases, 64);
    const sw = new RawSwitch(job.host, job.port, { dpid: dpid++, hello: false, answer: false });
    let echoed = false;
    sw.onFrame = (type, frame) => {
      if (type === 3 && frame.readUInt32BE(4) === MARKER_XID) echoed = true;
      // The data of an ERROR is the start of the message it answers (spec 7.4.4):
      // type byte 1 there means the controller answered an ERROR with an ERROR.
      if (type === 1 && frame.length >= 12 + 8 && frame[12 + 1] === 1) {
        res.errorAnsweredWithError++;
        if (res.samples.length < 5) res.samples.push(frame.toString('hex'));
      }
    };
    sw.write(stream.bytes);
    const deadline = Date.now() + 10_000; // generous: a loaded CI machine must not turn slowness into a surprise
    while (!sw.isClosed && !echoed && Date.now() < deadline) await sleep(1);
    const closed = sw.isClosed;
    sw.close();
    await sw.closed;
    res.connections++;
    res.messages += stream.handled;
    res.errorsReceived += sw.errorsIn.length;
    // The replay also says how many ERRORs come back (one for a fatal frame, one per
    // refused type); a different number is a surprise too.
    const errorsAsReplayed = sw.errorsIn.length === stream.errorsExpected;
    if (stream.closes && closed && !echoed && errorsAsReplayed) res.closedAsExpected++;
    else if (!stream.closes && echoed && errorsAsReplayed) res.echoedAsExpected++;
    else res.surprises++;
  };
  const lanes = Array.from({ length: job.concurrency }, async () => {
    while (res.messages < job.messages) await one();
  });
  await Promise.all(lanes);
  return res;
}

async function main(): Promise<void> {
  const job = workerData as AttackJob;
  const result = job.kind === 'flood' ? await flood(job) : await mutations(job);
  parentPort?.postMessage(result);
}

main().catch((err: unknown) => {
  parentPort?.postMessage({ kind: 'error', error: err instanceof Error ? err.stack ?? err.message : String(err) });
});
