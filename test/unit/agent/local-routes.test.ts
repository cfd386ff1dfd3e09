import { CommandResult, CommandRunner } from '../../../agent/command-runner';
import { LocalRoutes } from '../../../agent/local-routes';
import { RecordingLog } from '../peering/recording-log';

// An in-memory stand-in for `ip`/`sysctl`: records every command, keeps the local
// routes as a set (replace is idempotent, del of a missing route fails like iproute2).
function fakeSystem(): { run: CommandRunner; commands: string[]; routes: Set<string>; sysctls: Map<string, string>; failOn?: RegExp } {
  const state = { commands: [] as string[], routes: new Set<string>(), sysctls: new Map<string, string>(), failOn: undefined as RegExp | undefined };
  const run: CommandRunner = async (command, args): Promise<CommandResult> => {
    const line = `${command} ${args.join(' ')}`;
    state.commands.push(line);
    if (state.failOn?.test(line)) return { code: 2, stdout: '', stderr: 'RTNETLINK answers: Operation not permitted' };
    if (command === 'sysctl') {
      const [key, value] = args[1].split('=');
      state.sysctls.set(key, value);
      return { code: 0, stdout: '', stderr: '' };
    }
    const subnet = args[args.indexOf('local') + 1];
    if (args.includes('replace')) state.routes.add(subnet);
    if (args.includes('del')) {
      if (!state.routes.delete(subnet)) return { code: 2, stdout: '', stderr: 'RTNETLINK answers: No such process' };
    }
    return { code: 0, stdout: '', stderr: '' };
  };
  return Object.assign(state, { run });
}

describe('LocalRoutes (through an injected command runner)', () => {
  it('sets the ARP sysctls and adds one local route per subnet on install', async () => {
    const sys = fakeSystem();
    const routes = new LocalRoutes({ subnets: ['192.200.0.0/16', '2001:db8::/32'], device: 'lo', run: sys.run, log: new RecordingLog() });
    await routes.install();
    expect(sys.commands).toEqual([
      'sysctl -w net.ipv4.conf.all.arp_ignore=1',
      'sysctl -w net.ipv4.conf.all.arp_announce=2',
      'ip route replace local 192.200.0.0/16 dev lo table local',
      'ip -6 route replace local 2001:db8::/32 dev lo table local',
    ]);
    expect(sys.sysctls.get('net.ipv4.conf.all.arp_ignore')).toBe('1');
    expect(sys.sysctls.get('net.ipv4.conf.all.arp_announce')).toBe('2');
    expect([...sys.routes]).toEqual(['192.200.0.0/16', '2001:db8::/32']);
  });

  it('is idempotent: installing twice uses replace and leaves one route per subnet', async () => {
    const sys = fakeSystem();
    const routes = new LocalRoutes({ subnets: ['192.200.0.0/16'], device: 'lo', run: sys.run, log: new RecordingLog() });
    await routes.install();
    await routes.install();
    expect(sys.commands.filter((c) => c.startsWith('ip ')).every((c) => c.includes(' replace '))).toBe(true);
    expect(sys.routes.size).toBe(1);
  });

  it('removes the routes on remove, and a second remove is quiet', async () => {
    const sys = fakeSystem();
    const log = new RecordingLog();
    const routes = new LocalRoutes({ subnets: ['192.200.0.0/16', '192.201.0.0/16'], device: 'lo', run: sys.run, log });
    await routes.install();
    await routes.remove();
    expect(sys.commands.slice(-2)).toEqual([
      'ip route del local 192.200.0.0/16 dev lo table local',
      'ip route del local 192.201.0.0/16 dev lo table local',
    ]);
    expect(sys.routes.size).toBe(0);
    await routes.remove();
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('fails install loudly when a command fails', async () => {
    const sys = fakeSystem();
    sys.failOn = /route replace/;
    const routes = new LocalRoutes({ subnets: ['192.200.0.0/16'], device: 'lo', run: sys.run, log: new RecordingLog() });
    await expect(routes.install()).rejects.toThrow(/ip route replace local 192.200.0.0\/16 .*Operation not permitted/);
  });

  it('does not touch IPv4 ARP sysctls for IPv6-only subnets', async () => {
    const sys = fakeSystem();
    await new LocalRoutes({ subnets: ['2001:db8::/32'], device: 'lo', run: sys.run, log: new RecordingLog() }).install();
    expect(sys.commands).toEqual(['ip -6 route replace local 2001:db8::/32 dev lo table local']);
  });
});
