// The constructed oracle corpus (every match field, action, instruction, message and
// multipart type) must come back unchanged through encode then decode, and its
// encoding must be stable. The integration oracle checks the same bytes with Open
// vSwitch; this runs everywhere, without it.
import { decodeMessage, encodedLength, encodeMessage } from '../../../../southbound/codec';
import type { OfMessage } from '../../../../southbound/codec/types';
import { TCP_PACKET_HEX } from '../../../fixtures/openflow/capture/commands';
import { flowCorpus } from '../../../fixtures/openflow/oracle/corpus-flow';
import { miscCorpus } from '../../../fixtures/openflow/oracle/corpus-misc';

const corpus: OfMessage[] = [...flowCorpus(Buffer.from(TCP_PACKET_HEX, 'hex')), ...miscCorpus()];

describe('constructed corpus round trip', () => {
  it.each(corpus.map((m, i) => [`${m.type}${'mpType' in m ? `/${m.mpType}` : ''} xid=${m.xid}`, i] as const))(
    '%s', (_label, i) => {
      const msg = corpus[i] as OfMessage;
      const bytes = encodeMessage(msg);
      expect(bytes.length).toBe(encodedLength(msg));
      expect(bytes.readUInt16BE(2)).toBe(bytes.length);
      const back = decodeMessage(bytes);
      expect(back).toEqual(msg);
      expect(encodeMessage(back).toString('hex')).toBe(bytes.toString('hex'));
    });
});
