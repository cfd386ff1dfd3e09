// The package as an operator gets it: `npm pack` of this tree (built by the build phase
// before the tests), installed with `npm install -g --prefix TMP` from the tarball (its
// dependencies from the registry), then the installed `slr` run from TMP/bin. And the
// systemd units, verified by systemd-analyze against that installed executable.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../support/artifacts';

jest.setTimeout(300_000);

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('npm pack, npm install -g, slr', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'slr-pack-'));
  const prefix = path.join(tmp, 'prefix');
  const slr = path.join(prefix, 'bin', 'slr');
  let files: string[] = [];
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  beforeAll(() => {
    // Packed from the compiled tree; a stale or missing build is a failure, not a rebuild here.
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))).toBe(true);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: REPO_ROOT, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed[0].files.map((f) => f.path);
    const tarball = path.join(tmp, packed[0].filename);
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: tmp, encoding: 'utf8', stdio: 'pipe' });
  });

  it('packs the compiled code, the .proto files, configs, dashboards, units, docs and the LICENSE, without tests', () => {
    for (const f of ['bin/slr', 'dist/cli/main.js', 'dist/controller/version.js', 'proto/slr/v1/registration.proto', 'config/site-example.json',
      'dashboards/prometheus/slr-alerts.yml', 'deploy/systemd/slr-controller.service', 'deploy/systemd/slr-agent.service', 'docs/deploying-on-ovs.md', 'LICENSE', 'package.json']) {
      expect({ f, packed: files.includes(f) }).toEqual({ f, packed: true });
    }
    expect(files.filter((f) => f.startsWith('dist/test/') || f.startsWith('dist/bench/') || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs an slr executable that prints the package version', () => {
    expect(execFileSync(slr, ['--version'], { encoding: 'utf8' })).toBe(`slr ${pkg.version}\n`);
  });

  it('runs slr ofp roundtrip on a sample capture', () => {
    const sample = path.join(REPO_ROOT, 'test', 'fixtures', 'openflow', 'vectors', 'barrier-request.hex');
    expect(execFileSync(slr, ['ofp', 'roundtrip', '--hex', sample], { encoding: 'utf8' })).toBe('roundtrip ok: 1 message, identical bytes\n');
  });

  it('checks the shipped site example config with its own schemas and gRPC definitions', () => {
    const config = path.join(prefix, 'lib', 'node_modules', pkg.name, 'config', 'site-example.json');
    const r = spawnSync(slr, ['controller', '--check', '--config', config], { encoding: 'utf8' });
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(r.stdout).toMatch(/valid; apps: pipeline, service-routing, flow-pinning, recovery, forwarding/);
    // The registration service loads its .proto from the package at run time.
    const proto = spawnSync(process.execPath, ['-e', 'console.log(typeof require(process.argv[1]).registrationService())', path.join(prefix, 'lib', 'node_modules', pkg.name, 'dist', 'peering', 'proto.js')], { encoding: 'utf8' });
    expect({ code: proto.status, out: proto.stdout, err: proto.stderr }).toEqual({ code: 0, out: 'function\n', err: '' });
  });

  it('prints a bash completion script that bash accepts', () => {
    const script = execFileSync(slr, ['completion', 'bash'], { encoding: 'utf8' });
    const file = path.join(tmp, 'slr.bash');
    writeFileSync(file, script);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
  });

  it('ships systemd units that systemd-analyze verify accepts with the installed executable', () => {
    const units = ['slr-controller.service', 'slr-agent.service'];
    for (const unit of units) {
      const text = readFileSync(path.join(prefix, 'lib', 'node_modules', pkg.name, 'deploy', 'systemd', unit), 'utf8');
      expect(text).toContain('ExecStart=/usr/local/bin/slr ');
      writeFileSync(path.join(tmp, unit), text.replaceAll('/usr/local/bin/slr', slr));
    }
    const r = spawnSync('systemd-analyze', ['verify', ...units.map((u) => path.join(tmp, u))], { encoding: 'utf8' });
    // verify exits 0 on warnings too (unknown keys, unsafe settings): any output is a failure.
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({ code: 0, out: '', err: '' });
  });
});
