// The codec benchmark compares against hand-written single-message readers/writers;
// they must keep producing exactly what the codec produces, or its ratios mean nothing.
import { readFlowModMinimal, readPacketInMinimal, writeFlowModMinimal, writePacketInMinimal } from '../../../../bench/codec-reference';
import { FLOW_MOD, PACKET_IN } from '../../../../bench/codec-messages';
import { decodeMessage, encodeMessage } from '../../../../southbound/codec';

describe('codec benchmark references', () => {
  it('read the PACKET_IN as the codec does', () => {
    const bytes = encodeMessage(PACKET_IN);
    expect(bytes.length).toBe(160);
    expect(readPacketInMinimal(bytes)).toEqual(decodeMessage(bytes));
    expect(writePacketInMinimal(PACKET_IN).toString('hex')).toBe(bytes.toString('hex'));
  });

  it('read the FLOW_MOD as the codec does', () => {
    const bytes = encodeMessage(FLOW_MOD);
    expect(bytes.length).toBe(144);
    expect(readFlowModMinimal(bytes)).toEqual(decodeMessage(bytes));
    expect(writeFlowModMinimal(FLOW_MOD).toString('hex')).toBe(bytes.toString('hex'));
  });
});
