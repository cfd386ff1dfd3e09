import { OfDecodeError, type Instruction } from '../../../../southbound/codec';
import { decodeInstructions, instructionLength, instructionsLength, writeInstructions } from '../../../../southbound/codec/instructions';
import { allInstructions, hex } from './samples';

function encode(list: Instruction[]): Buffer {
  const buf = Buffer.alloc(instructionsLength(list), 0xcc);
  expect(writeInstructions(list, buf, 0)).toBe(buf.length);
  return buf;
}

function decodeError(bytes: Buffer): OfDecodeError {
  try {
    decodeInstructions(bytes, 0, bytes.length);
  } catch (err) {
    if (err instanceof OfDecodeError) return err;
    throw err;
  }
  throw new Error('expected an OfDecodeError');
}

describe('instructions: hand-checked layouts (spec 7.2.4)', () => {
  it.each<[string, Instruction, string]>([
    ['goto_table', { type: 'GOTO_TABLE', tableId: 5 }, '0001 0008 05 000000'],
    ['write_metadata', { type: 'WRITE_METADATA', metadata: 0x0102030405060708n, metadataMask: 0xffn }, '0002 0018 00000000 0102030405060708 00000000000000ff'],
    ['write_actions', { type: 'WRITE_ACTIONS', actions: [{ type: 'GROUP', groupId: 2 }] }, '0003 0010 00000000 0016 0008 00000002'],
    ['apply_actions (empty)', { type: 'APPLY_ACTIONS', actions: [] }, '0004 0008 00000000'],
    ['apply_actions', { type: 'APPLY_ACTIONS', actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }] }, '0004 0018 00000000 0000 0010 00000001 0000 000000000000'],
    ['clear_actions', { type: 'CLEAR_ACTIONS' }, '0005 0008 00000000'],
    ['meter', { type: 'METER', meterId: 0xffff0000 }, '0006 0008 ffff0000'],
    ['experimenter', { type: 'EXPERIMENTER', experimenter: 0x2320, data: hex('0102030405060708') }, 'ffff 0010 00002320 0102030405060708'],
    ['unknown type kept raw', { type: 'RAW', instructionType: 7, raw: hex('0007 0008 01020304') }, '0007 0008 01020304'],
  ])('%s', (_name, ins, bytesHex) => {
    const bytes = encode([ins]);
    expect(bytes.toString('hex')).toBe(hex(bytesHex).toString('hex'));
    expect(instructionLength(ins)).toBe(bytes.length);
    expect(decodeInstructions(bytes, 0, bytes.length)).toEqual([ins]);
  });

  it('round-trips the full list byte for byte', () => {
    const bytes = encode(allInstructions);
    const decoded = decodeInstructions(bytes, 0, bytes.length);
    expect(decoded).toEqual(allInstructions);
    expect(encode(decoded).equals(bytes)).toBe(true);
  });
});

describe('instructions: malformed input', () => {
  it.each([
    ['length 0', '0005 0000 00000000'],
    ['length 4', '0005 0004 00000000'],
    ['length 12', '0005 000c 00000000 00000000'],
    ['length past the list', '0005 0010 00000000'],
    ['header cut by the list end', '0005'],
    ['goto_table with length 16', '0001 0010 01000000 00000000'],
    ['write_metadata with length 16', '0002 0010 00000000 0000000000000001'],
    ['meter with length 16', '0006 0010 00000001 00000000'],
    ['clear_actions with length 16', '0005 0010 00000000 00000000'],
  ])('%s gives BAD_INSTRUCTION/BAD_LEN', (_name, bytesHex) => {
    expect(decodeError(hex(bytesHex))).toMatchObject({ code: 'BAD_INSTRUCTION', ofErrorType: 3, ofErrorCode: 7 });
  });

  it('a bad action inside apply_actions is reported as BAD_ACTION/BAD_LEN', () => {
    expect(decodeError(hex('0004 0010 00000000 0000 0008 00000001'))).toMatchObject({ code: 'BAD_ACTION', ofErrorType: 2, ofErrorCode: 1, offset: 8 });
  });

  it('an action list longer than its instruction is BAD_ACTION', () => {
    expect(decodeError(hex('0004 0010 00000000 0012 0010 00000000 00000000'))).toMatchObject({ code: 'BAD_ACTION', ofErrorType: 2 });
  });
});
