// The reference controller (bench/reference) as a child process of bench:site, and the
// hand-over of the site's edge switch between it and slr. Only the edge switch moves:
// it is where connections are decided; the access switch keeps slr's learned flows.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { registerChild, stopChild } from '../../test/support/child-registry';
import { onLines, parseJsonLine } from '../../test/support/line-reader';
import type { Site } from '../../test/support/site-harness';
import { waitUntil } from '../../test/support/site-logs';

const ENTRY = path.join(__dirname, '..', 'reference', 'reference-controller.js');
/** The cookie the reference stamps on its flows (bench/reference). */
const REFERENCE_COOKIE = '0x5245460000000000';
const EDGE = 's2';

export class ReferenceProcess {
  port = 0;
  private readonly ready: string[] = [];

  private constructor(private readonly child: ChildProcess) {}

  static async start(site: Site, vip: string, extraArgs: string[] = []): Promise<ReferenceProcess> {
    const targets = site.layout.servers.filter((s) => !s.spare).flatMap((s) => ['--target', `${s.mac}@${s.port}`]);
    const child = spawn(process.execPath, [ENTRY, '--vip', vip, '--vip-port', '80', ...targets, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    registerChild('reference-controller', child);
    const ref = new ReferenceProcess(child);
    let errors = '';
    onLines(child.stderr!, (line) => { errors += `${line}\n`; });
    onLines(child.stdout!, (line) => {
      const rec = parseJsonLine(line);
      if (rec?.msg === 'listening') ref.port = rec.port as number;
      if (rec?.msg === 'ready') ref.ready.push(String(rec.dpid));
    });
    await waitUntil('the reference controller listening', () => ref.port > 0 || child.exitCode !== null, 10_000);
    if (ref.port === 0) throw new Error(`reference controller exited: ${errors}`);
    return ref;
  }

  /** Points the edge switch at the reference and waits until its rules are in. */
  async takeOver(site: Site): Promise<void> {
    const dpid = site.layout.edgeDpid;
    const before = this.ready.filter((d) => d === dpid).length;
    await site.net.setController(EDGE, this.port);
    await waitUntil('the edge switch ready on the reference controller', () => this.ready.filter((d) => d === dpid).length > before, 30_000);
  }

  /** Removes the reference's flows and gives the edge switch back to slr, once reconciled. */
  async giveBack(site: Site): Promise<void> {
    const dpid = site.layout.edgeDpid;
    const reconciled = (): number => site.controller.records.filter((r) => r.msg === 'reconciled' && r.dpid === dpid).length;
    const before = reconciled();
    await site.net.ofctl(EDGE, ['del-flows', `cookie=${REFERENCE_COOKIE}/-1`]);
    await site.net.setController(EDGE);
    await waitUntil('slr reconciling the edge switch', () => reconciled() > before, 30_000);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
