// Shared set-up for the peering integration tests: real certificates from
// scripts/gen-certs.sh in a temp dir, a real agent registration server (mTLS gRPC on a
// unix socket or 127.0.0.1), a recording sink and log, and a poll-until helper.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRegistrationClient, RegistrationApi } from '../../../peering/registration-client';
import { RegistrationSink, RegisteredPeer, SubnetLoadEvent } from '../../../peering/registration-sink';
import { RegistrationServer, startRegistrationServer } from '../../../peering/registration-server';
import { AllowedPeer, staticDirectory } from '../../../peering/directory';
import { RecordingLog } from '../../unit/peering/recording-log';

export const REPO = path.resolve(__dirname, '..', '..', '..');

export interface Certs {
  dir: string;
  file(name: string): string;
  read(name: string): Buffer;
}

/** Runs the real script: CA, SLR server cert, one client cert per name, plus another CA. */
export function makeCerts(names: string[]): Certs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slr-peering-'));
  execFileSync('bash', [path.join(REPO, 'scripts', 'gen-certs.sh'), '--other-ca', dir, ...names], { stdio: 'pipe' });
  return { dir, file: (n) => path.join(dir, n), read: (n) => fs.readFileSync(path.join(dir, n)) };
}

export type SinkEvent =
  | { kind: 'registered'; at: number; agent: RegisteredPeer }
  | { kind: 'report'; at: number; serverId: string; loads: SubnetLoadEvent[]; rttMs?: number }
  | { kind: 'expired'; at: number; serverId: string }
  | { kind: 'deregistered'; at: number; serverId: string };

export class RecordingSink implements RegistrationSink {
  readonly events: SinkEvent[] = [];
  registered(agent: RegisteredPeer): void { this.events.push({ kind: 'registered', at: Date.now(), agent }); }
  report(serverId: string, at: number, loads: SubnetLoadEvent[], rttMs?: number): void { this.events.push({ kind: 'report', at, serverId, loads, rttMs }); }
  expired(serverId: string): void { this.events.push({ kind: 'expired', at: Date.now(), serverId }); }
  deregistered(serverId: string): void { this.events.push({ kind: 'deregistered', at: Date.now(), serverId }); }
  of<K extends SinkEvent['kind']>(kind: K, serverId?: string): Array<Extract<SinkEvent, { kind: K }>> {
    return this.events.filter(
      (e): e is Extract<SinkEvent, { kind: K }> =>
        e.kind === kind && (!serverId || (e.kind === 'registered' ? e.agent.id : e.serverId) === serverId),
    );
  }
}

export interface Slr {
  server: RegistrationServer;
  sink: RecordingSink;
  log: RecordingLog;
}

export async function startSlr(
  certs: Certs,
  listen: string,
  servers: AllowedPeer[],
  timing: { reportIntervalMs?: number; missedReportsToExpire?: number } = {},
): Promise<Slr> {
  const sink = new RecordingSink();
  const log = new RecordingLog();
  const server = await startRegistrationServer({
    section: { listen, tls: { caFile: certs.file('ca.crt'), certFile: certs.file('slr.crt'), keyFile: certs.file('slr.key') }, ...timing },
    directory: staticDirectory(servers),
    sink,
    log,
  });
  return { server, sink, log };
}

/** A raw client with the given certificate name (e.g. 'srv1', 'other-srv1'), or none. */
export function clientFor(certs: Certs, address: string, certName?: string): RegistrationApi {
  return createRegistrationClient({
    address,
    ca: certs.read('ca.crt'),
    cert: certName ? certs.read(`${certName}.crt`) : undefined,
    key: certName ? certs.read(`${certName}.key`) : undefined,
    callTimeoutMs: 3000,
  });
}

/** The gRPC error a call was refused with; fails when the call succeeds. */
export async function refusal(p: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: number; details: string };
  }
  throw new Error('call was not refused');
}

/** Polls until the condition holds; the deadline only bounds a hung test, it asserts no speed. */
export async function waitFor(what: string, condition: () => boolean, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
