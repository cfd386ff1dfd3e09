// Open vSwitch as an independent decoder: everything the codec encodes must be read by
// `ovs-ofctl ofp-print` (here: ofp-parse, batched) without errors or warnings, and must
// show the key fields we put in. Also checks the golden vectors' expected objects
// against what Open vSwitch reads from the same bytes. Needs ovs-ofctl (Debian's
// openvswitch-common).
import { execFileSync } from 'node:child_process';
import { encodeMessage } from '../../../southbound/codec';
import type { OfMessage } from '../../../southbound/codec/types';
import { TCP_PACKET_HEX } from '../../fixtures/openflow/capture/commands';
import { loadVectors } from '../../fixtures/openflow/load-vectors';
import { flowCorpus } from '../../fixtures/openflow/oracle/corpus-flow';
import { miscCorpus } from '../../fixtures/openflow/oracle/corpus-misc';
import { OvsVerdict, ovsDecode, ovsProblems } from '../../fixtures/openflow/oracle/ofp-parse';
import { expectedFragments, expectedTitle } from '../../fixtures/openflow/oracle/ovs-text';

/** Vectors Open vSwitch cannot read, and why. They must keep failing there (else the
 * entry is stale and should go). */
const OVS_CANNOT_READ: Record<string, string> = {
  'flow-mod-ttl-pbb-actions': 'OVS implements neither copy_ttl_in/out nor the PBB actions',
  'meter-mod-experimenter-band': 'OVS rejects experimenter meter bands',
  'mp-request-experimenter': 'OVS rejects multipart messages of unknown experimenters',
  'mp-reply-experimenter': 'OVS rejects multipart messages of unknown experimenters',
};

function ovsOfctlVersion(): string {
  try {
    return execFileSync('ovs-ofctl', ['--version']).toString().split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

/** Everything wrong with how OVS read `msg`: its problems plus missing fragments. */
function mismatches(msg: OfMessage, verdict: OvsVerdict): string[] {
  const problems = ovsProblems(verdict, msg.type === 'ERROR');
  const title = expectedTitle(msg);
  if (title !== null && !verdict.text.startsWith(title)) problems.push(`title is not "${title}"`);
  for (const frag of expectedFragments(msg)) {
    if (!verdict.text.includes(frag)) problems.push(`missing "${frag}"`);
  }
  return problems;
}

function label(msg: OfMessage): string {
  const mp = msg.type === 'MULTIPART_REQUEST' || msg.type === 'MULTIPART_REPLY' ? `/${msg.mpType}` : '';
  return `${msg.type}${mp} xid=${msg.xid}`;
}

describe('ovs-ofctl ofp-print as an oracle for the codec', () => {
  const version = ovsOfctlVersion();

  it('has ovs-ofctl to ask', () => {
    // Not skipped when missing: a silently skipped oracle looks like a passing one.
    expect(version).toMatch(/Open vSwitch/);
  });

  describe('constructed messages, encoded by the codec', () => {
    const corpus: OfMessage[] = [...flowCorpus(Buffer.from(TCP_PACKET_HEX, 'hex')), ...miscCorpus()];
    let verdicts: OvsVerdict[] = [];
    beforeAll(() => { verdicts = ovsDecode(corpus.map((m) => encodeMessage(m))); });

    it('covers a broad set', () => {
      expect(corpus.length).toBeGreaterThan(120);
    });

    it.each(corpus.map((m, i) => [label(m), i] as const))('%s is read back by Open vSwitch', (_label, i) => {
      const msg = corpus[i] as OfMessage;
      const verdict = verdicts[i] as OvsVerdict;
      const hex = encodeMessage(msg).toString('hex');
      expect({ hex, problems: mismatches(msg, verdict), ovs: verdict.text })
        .toEqual({ hex, problems: [], ovs: verdict.text });
    });
  });

  describe('golden vectors', () => {
    const vectors = loadVectors();
    let verdicts: OvsVerdict[] = [];
    beforeAll(() => { verdicts = ovsDecode(vectors.map((v) => v.bytes)); });

    it.each(vectors.map((v, i) => [v.name, i] as const))('%s: Open vSwitch reads what the expectation says', (name, i) => {
      const v = vectors[i];
      const verdict = verdicts[i] as OvsVerdict;
      expect(v?.expected).toBeDefined();
      if (name in OVS_CANNOT_READ) {
        expect(ovsProblems(verdict).length).toBeGreaterThan(0);
        return;
      }
      expect({ problems: mismatches(v?.expected as OfMessage, verdict), ovs: verdict.text })
        .toEqual({ problems: [], ovs: verdict.text });
    });
  });
});
