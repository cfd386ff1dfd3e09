// `slr ofp print|roundtrip`, called through run() on temporary files built from the
// golden vectors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../../../cli/ofp';
import { loadVectors } from '../../../fixtures/openflow/load-vectors';

const vectors = new Map(loadVectors().map((v) => [v.name, v.bytes]));
const vec = (name: string): Buffer => {
  const b = vectors.get(name);
  if (!b) throw new Error(`no vector ${name}`);
  return b;
};

let dir = '';
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slr-ofp-cli-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function file(name: string, content: Buffer | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Runs the command and captures what it writes. */
async function ofp(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    const code = await run(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('slr ofp print', () => {
  it('prints one JSON line per message, bigint as decimal strings and bytes as hex', async () => {
    const f = file('three.bin', Buffer.concat([vec('flow-mod-5tuple-mpls-push'), vec('echo-reply-payload'), vec('role-reply-slave')]));
    const r = await ofp('print', f);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(['FLOW_MOD', 'ECHO_REPLY', 'ROLE_REPLY']);
    expect(lines[0]?.cookie).toBe('4660');
    expect(lines[0]?.priority).toBe(100);
    expect(lines[1]?.data).toBe('000102030405060708');
    expect(lines[2]?.generationId).toBe('18446744073709551614');
  });

  it('reads hex text with --hex, whitespace and line breaks ignored', async () => {
    const hex = vec('barrier-reply').toString('hex').replace(/(..)/g, '$1 ');
    const f = file('barrier.hex', `${hex}\n  ${vec('hello-empty').toString('hex')}\n`);
    const r = await ofp('print', '--hex', f);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['BARRIER_REPLY', 'HELLO']);
  });

  it('reads a golden vector file as it is, comments included', async () => {
    const r = await ofp('print', '--hex', path.join(__dirname, '../../../fixtures/openflow/vectors/role-request-master.hex'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ type: 'ROLE_REQUEST', xid: 30, role: 2, generationId: '16' });
  });

  it("reads standard input for '-'", async () => {
    const original = Object.getOwnPropertyDescriptor(process, 'stdin');
    Object.defineProperty(process, 'stdin', { value: Readable.from([vec('barrier-reply'), vec('get-async-request')]), configurable: true });
    try {
      const r = await ofp('print', '-');
      expect(r.code).toBe(0);
      expect(r.out.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['BARRIER_REPLY', 'GET_ASYNC_REQUEST']);
    } finally {
      if (original) Object.defineProperty(process, 'stdin', original);
    }
  });

  it('names the offset of a decode error and exits non-zero', async () => {
    const bad = Buffer.from(vec('packet-in-tcp-no-buffer'));
    bad.writeUInt16BE(0x00ff, 26); // match length far beyond the message
    const f = file('bad.bin', Buffer.concat([vec('barrier-reply'), bad]));
    const r = await ofp('print', f);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BARRIER_REPLY'); // the good message before it was printed
    expect(r.err).toMatch(/decode error at message #2 \(starting at byte 8\), byte \d+ of the message = offset \d+/);
  });

  it('reports a message cut short at the end', async () => {
    const echo = vec('echo-reply-payload');
    const f = file('short.bin', Buffer.concat([echo, echo.subarray(0, 10)]));
    const r = await ofp('print', f);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`incomplete message at offset ${echo.length}: only 10 bytes left`);
  });

  it('reports a header length below 8 with its offset', async () => {
    const f = file('len.bin', Buffer.concat([vec('barrier-reply'), Buffer.from('0402000400000000', 'hex')]));
    const r = await ofp('print', f);
    expect(r.code).toBe(1);
    expect(r.err).toContain('offset 8');
  });

  it('rejects bad hex and a missing file clearly', async () => {
    const r1 = await ofp('print', '--hex', file('x.hex', '04 0z'));
    expect(r1.code).toBe(1);
    expect(r1.err).toContain("'z' is not a hex digit");
    const r2 = await ofp('print', path.join(dir, 'nope.bin'));
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('cannot read');
  });

  it('prints usage and exits 2 on bad arguments', async () => {
    expect((await ofp()).code).toBe(2);
    expect((await ofp('frobnicate', 'x')).err).toBe("slr ofp: unknown command 'frobnicate'\nhint: the commands are 'print' and 'roundtrip'\n");
    expect((await ofp('prnt', 'x')).err).toContain("did you mean 'print'?");
    expect((await ofp('print')).code).toBe(2);
    // Unknown options and extra arguments are errors of one line plus a hint, not the usage text.
    const unknown = await ofp('print', '--hxe', 'x');
    expect({ code: unknown.code, err: unknown.err }).toEqual({ code: 2, err: "slr ofp: unknown option --hxe\nhint: did you mean --hex? (see 'slr ofp --help')\n" });
    const extra = await ofp('print', 'a', 'b');
    expect({ code: extra.code, err: extra.err }).toEqual({ code: 2, err: "slr ofp: unexpected argument 'b'\nhint: see 'slr ofp --help'\n" });
    const help = await ofp('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('roundtrip');
  });
});

describe('slr ofp roundtrip', () => {
  it('exits 0 when every message re-encodes to the same bytes', async () => {
    const all = Buffer.concat([...vectors.values()].slice(0, 20));
    const r = await ofp('roundtrip', file('many.bin', all));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('roundtrip ok: 20 messages');
  });

  it('accepts --hex too', async () => {
    const r = await ofp('roundtrip', '--hex', file('one.hex', vec('set-async').toString('hex')));
    expect(r.code).toBe(0);
  });

  it('names the first differing offset when re-encoding changes the bytes', async () => {
    // A non-zero padding byte (FEATURES_REPLY pad at byte 22) is read past, then
    // written back as zero.
    const changed = Buffer.from(vec('features-reply'));
    changed[22] = 0xaa;
    const r = await ofp('roundtrip', file('pad.bin', Buffer.concat([vec('barrier-reply'), changed])));
    expect(r.code).toBe(1);
    expect(r.err).toContain('message #2 (FEATURES_REPLY) at offset 30 (byte 22 of the message): input has 0xaa, re-encoding has 0x00');
  });
});
