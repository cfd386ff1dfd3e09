// Makes the server's virtual subnets local ("AnyIP"): with a local route for a whole
// subnet on lo, the kernel accepts and answers connections to every VIP in it, and
// replies leave with the VIP as source (direct server return).
//   sysctl net.ipv4.conf.all.arp_ignore=1    never answer ARP for an address on lo
//   sysctl net.ipv4.conf.all.arp_announce=2  never use a VIP as ARP source address
//   ip [-6] route replace local SUBNET dev lo table local   (replace: idempotent)
// and on stop `ip [-6] route del local SUBNET dev lo table local`. The sysctls are left
// as they are on stop: they are harmless without VIPs, and another agent on the same
// host may still rely on them.
import { parseCidr } from '../controller/net';
import { Log } from '../peering/log';
import { CommandRunner } from './command-runner';

export interface LocalRoutesOptions {
  subnets: string[];
  device: string;
  run: CommandRunner;
  log: Log;
}

const ARP_SYSCTLS = ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2'];

export class LocalRoutes {
  constructor(private readonly opts: LocalRoutesOptions) {}

  private routeArgs(verb: 'replace' | 'del', subnet: string): string[] {
    const cidr = parseCidr(subnet);
    if (!cidr) throw new Error(`'${subnet}' is not a CIDR subnet`);
    const family = cidr.family === 6 ? ['-6'] : [];
    return [...family, 'route', verb, 'local', cidr.canonical, 'dev', this.opts.device, 'table', 'local'];
  }

  /** Installs sysctls and routes; throws if any command fails (the server could not serve). */
  async install(): Promise<void> {
    if (this.opts.subnets.some((s) => parseCidr(s)?.family === 4)) {
      for (const setting of ARP_SYSCTLS) await this.mustRun('sysctl', ['-w', setting]);
    }
    for (const subnet of this.opts.subnets) await this.mustRun('ip', this.routeArgs('replace', subnet));
    this.opts.log.info({ subnets: this.opts.subnets, device: this.opts.device }, 'virtual subnets made local');
  }

  /** Removes the routes; a route already gone is not an error (stop is idempotent). */
  async remove(): Promise<void> {
    for (const subnet of this.opts.subnets) {
      const args = this.routeArgs('del', subnet);
      const r = await this.opts.run('ip', args);
      if (r.code !== 0 && !/No such process|not found|Cannot find/i.test(r.stderr)) {
        this.opts.log.warn({ command: `ip ${args.join(' ')}`, stderr: r.stderr.trim() }, 'could not remove local route');
      }
    }
    this.opts.log.info({ subnets: this.opts.subnets }, 'virtual subnets removed');
  }

  private async mustRun(command: string, args: string[]): Promise<void> {
    const r = await this.opts.run(command, args);
    if (r.code !== 0) {
      throw new Error(`'${command} ${args.join(' ')}' failed (exit ${r.code}): ${r.stderr.trim()}`);
    }
  }
}
