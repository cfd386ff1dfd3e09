// docs/deploying-on-ovs.md, run as written: every block marked `<!-- checked: NAME -->`
// is executed (shell blocks by bash, JSON blocks become the controller's and the agent's
// config) against real tools: a private Open vSwitch instance (so `set-ssl` touches no
// one else), openssl, a private Redis, curl and the real `slr`. Only the site's values
// are replaced (addresses, ports, /etc/slr), and the bridge gets datapath_type=netdev
// because this machine has no OVS kernel module.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAgentConfig } from '../../../agent/config';
import { artifactDir, REPO_ROOT } from '../../support/artifacts';
import { freePort, startSlrController, type RunningController } from '../../support/controller-process';
import { startPrivateOvs, type PrivateOvs } from '../../support/private-ovs';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { assertTestBed } from '../../support/testbed';

const GUIDE = path.join(REPO_ROOT, 'docs', 'deploying-on-ovs.md');

/** The checked blocks of the guide by name. */
function checkedBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/<!-- checked: ([a-z.-]+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) {
    if (out.has(m[1])) throw new Error(`two checked blocks named ${m[1]}`);
    out.set(m[1], m[2]);
  }
  return out;
}

describe('docs/deploying-on-ovs.md, run against real Open vSwitch, openssl, Redis and slr', () => {
  const blocks = checkedBlocks(readFileSync(GUIDE, 'utf8'));
  const tmp = mkdtempSync(path.join(tmpdir(), 'slr-guide-'));
  const etc = path.join(tmp, 'etc-slr');
  const pki = path.join(etc, 'pki');
  const bridge = `dg${Math.random().toString(36).slice(2, 6)}`;
  const logDir = artifactDir('deploy-guide');
  let ovs: PrivateOvs;
  let redis: RedisServerHandle;
  let controller: RunningController | undefined;
  const ports = { of: 0, api: 0, metrics: 0, agents: 0 };

  /** The guide's text with this run's values for the site's. */
  const localize = (text: string): string => text
    .replace(/192\.0\.2\.10/g, '127.0.0.1')
    .replace(/\/etc\/slr/g, etc)
    .replace(/\b6653\b/g, String(ports.of))
    .replace(/\b8443\b/g, String(ports.api))
    .replace(/\b9464\b/g, String(ports.metrics))
    .replace(/\b50051\b/g, String(ports.agents))
    .replace(/redis:\/\/127\.0\.0\.1:6379\/0/g, `${redis.url}/0`)
    .replace(/ovs-vsctl add-br \$BR --/g, 'ovs-vsctl add-br $BR -- set bridge $BR datapath_type=netdev --');

  function sh(name: string, prelude = ''): string {
    const block = blocks.get(name);
    if (block === undefined) throw new Error(`the guide has no checked block "${name}"`);
    const env = { ...ovs.env, BR: bridge, CTRL_IP: '127.0.0.1', PKI: pki, PATH: `${path.join(REPO_ROOT, 'bin')}:${process.env.PATH}` };
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', prelude + localize(block)], { cwd: tmp, env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`block "${name}" exited ${r.status}:\n${localize(block)}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r.stdout + r.stderr;
  }

  /** A config block of the guide: sections by name (each a JSON object the test merges). */
  type ConfigBlock = Record<string, Record<string, unknown>>;
  const json = (name: string): ConfigBlock => JSON.parse(localize(blocks.get(name) ?? 'null')) as ConfigBlock;

  async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; !check();) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const connected = (): boolean => /is_connected\s*:\s*true/.test(ovs.vsctl('list', 'controller'));

  async function startController(config: ConfigBlock, name: string): Promise<RunningController> {
    const c = await startSlrController({ config, logDir, name, port: ports.of });
    await c.waitForLog((r) => r.msg === 'API listening');
    return c;
  }

  beforeAll(async () => {
    assertTestBed();
    mkdirSync(etc, { recursive: true });
    for (const k of Object.keys(ports) as Array<keyof typeof ports>) ports[k] = await freePort();
    ovs = startPrivateOvs();
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await controller?.stop();
    ovs?.stop();
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('creates a secure OpenFlow 1.3 bridge whose datapath id the guide\'s commands read back', () => {
    sh('bridge');
    const out = sh('dpid');
    expect(out).toContain('"0000000000000001"\nsecure\n[OpenFlow13]\n');
    expect(out).toContain('OFPT_FEATURES_REPLY (OF1.3) (xid=0x2): dpid:0000000000000001');
  });

  it('makes the CA, controller, switch and agent certificates with openssl', () => {
    expect(sh('pki')).toMatch(/controller\.crt: OK\n.*switch-dg\w+\.crt: OK/);
    const key = /^key\(\).*$/m.exec(blocks.get('pki')!)![0];
    sh('agent-cert', `${key}\n`);
    expect(spawnSync('openssl', ['verify', '-CAfile', path.join(pki, 'ca.crt'), path.join(pki, 'srv1.crt')], { encoding: 'utf8' }).stdout).toMatch(/srv1\.crt: OK/);
  });

  it('validates the guide\'s controller config (with the agents section) with --check, then the agent config', async () => {
    sh('tokens');
    writeJson('controller.json', { ...json('controller.json'), ...json('agents') });
    // API key pair, two token files, the agents' CA and key pair.
    expect(sh('check')).toMatch(/controller\.json: valid; apps: pipeline, service-routing, flow-pinning, recovery, forwarding; 7 files read/);
    const agent = await loadAgentConfig(writeJson('agent.json', json('agent.json')));
    expect(agent).toMatchObject({ serverId: 'srv1', load: { cpuSource: 'system' }, routes: { manage: true } });
  });

  function writeJson(name: string, value: unknown): string {
    const file = path.join(etc, name);
    writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  }

  it('connects the bridge over TCP: OVS says is_connected, the controller says switch up', async () => {
    controller = await startController({ ...json('controller.json'), ...json('agents') }, 'controller-tcp');
    sh('tcp-controller');
    await until('the bridge is connected over TCP', connected);
    expect(sh('tcp-connected')).toMatch(new RegExp(`Controller "tcp:127\\.0\\.0\\.1:${ports.of}"\\n\\s+is_connected: true`));
    await controller.waitForLog((r) => r.msg === 'switch up' && r.dpid === '0000000000000001');
  });

  it('answers the guide\'s API calls over HTTPS with tokens, slr ctl included, and serves metrics', async () => {
    const out = sh('api-calls');
    const [health] = out.split('\n');
    // The ingress bridge is up, Redis answers, the three targets are enabled: ok.
    expect(JSON.parse(health)).toMatchObject({ status: 'ok', problems: [], store: { kind: 'redis', connected: true }, switches: { ingress: [{ dpid: '0000000000000001', connected: true }] } });
    expect(out).toContain('"id":"srv1"');
    expect(out).toMatch(/^status:\s+ok$/m);
    expect(out).toMatch(/^ingress:\s+0000000000000001 up$/m);
    expect(out).toMatch(/^- dpid: "0000000000000001"\n {2}up: true/m);
    const metrics = sh('metrics');
    expect(metrics).toMatch(/^slr_switch_up\{dpid="0000000000000001"\} 1$/m);
    expect(metrics).toMatch(/^slr_build_info\{version="/m);
  });

  it('finds the controller\'s keys in Redis with the guide\'s redis-cli commands', () => {
    const out = sh('redis');
    expect(out.split('\n')[0]).toBe('PONG');
    expect(out).toMatch(/^slr:/m);
  });

  it('connects the bridge over TLS after set-ssl, and openssl s_client gets through with the switch certificate', async () => {
    await controller!.stop();
    const config = json('controller.json');
    config.openflow = { ...config.openflow, ...json('openflow-tls').openflow };
    controller = await startController({ ...config, ...json('agents') }, 'controller-tls');
    sh('ssl-controller');
    await until('the bridge is connected over TLS', () => connected() && /ssl:127\.0\.0\.1/.test(ovs.vsctl('get-controller', bridge)));
    await controller.waitForLog((r) => r.msg === 'switch up' && r.dpid === '0000000000000001');
    expect(sh('s-client')).toMatch(/CONNECTION ESTABLISHED/);
  });
});
