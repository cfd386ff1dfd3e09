// An Open vSwitch instance of the test's own (ovsdb-server + ovs-vswitchd with their
// database, sockets and logs in a temporary folder), so a test may change instance-wide
// settings such as `ovs-vsctl set-ssl` without touching the machine's OVS or anyone's
// bridges. OVS tools reach it through OVS_RUNDIR/OVS_DBDIR/... in `env`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PrivateOvs {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  vsctl(...args: string[]): string;
  /** Deletes the bridges, stops both daemons by their PIDs, removes the folder. */
  stop(): void;
}

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

function pidOf(dir: string, daemon: string): number | undefined {
  const file = path.join(dir, `${daemon}.pid`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function startPrivateOvs(): PrivateOvs {
  const dir = mkdtempSync(path.join(tmpdir(), 'slr-ovs-'));
  const env = { ...process.env, OVS_RUNDIR: dir, OVS_DBDIR: dir, OVS_LOGDIR: dir, OVS_SYSCONFDIR: dir };
  const run = (file: string, args: string[]): string => execFileSync(file, args, { env, encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const db = path.join(dir, 'conf.db');
  const sock = path.join(dir, 'db.sock');
  const stop = (): void => {
    try {
      for (const br of run('ovs-vsctl', ['-t', '5', 'list-br']).split('\n').filter(Boolean)) run('ovs-vsctl', ['-t', '5', '--if-exists', 'del-br', br]);
    } catch {
      // the database is gone already: nothing of ours is left in it
    }
    for (const daemon of ['ovs-vswitchd', 'ovsdb-server']) {
      const pid = pidOf(dir, daemon);
      if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGTERM');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('ovsdb-tool', ['create', db, SCHEMA]);
    run('ovsdb-server', [db, `--remote=punix:${sock}`, `--pidfile=${path.join(dir, 'ovsdb-server.pid')}`, '--detach', `--log-file=${path.join(dir, 'ovsdb-server.log')}`]);
    run('ovs-vsctl', ['--no-wait', 'init']);
    run('ovs-vswitchd', [`unix:${sock}`, `--pidfile=${path.join(dir, 'ovs-vswitchd.pid')}`, '--detach', `--log-file=${path.join(dir, 'ovs-vswitchd.log')}`]);
    run('ovs-vsctl', ['-t', '10', 'show']);
  } catch (err) {
    stop();
    throw err;
  }
  return { dir, env, vsctl: (...args) => run('ovs-vsctl', ['-t', '10', ...args]), stop };
}
