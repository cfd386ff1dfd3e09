// The corpus must keep covering every message the codec handles: a vector deleted by
// mistake (or a new message type without one) fails here.
import { loadVectors } from '../../../fixtures/openflow/load-vectors';

const MESSAGES = [
  'HELLO', 'ERROR', 'ECHO_REQUEST', 'ECHO_REPLY', 'EXPERIMENTER', 'FEATURES_REQUEST', 'FEATURES_REPLY',
  'GET_CONFIG_REQUEST', 'GET_CONFIG_REPLY', 'SET_CONFIG', 'PACKET_IN', 'FLOW_REMOVED', 'PORT_STATUS',
  'PACKET_OUT', 'FLOW_MOD', 'GROUP_MOD', 'PORT_MOD', 'TABLE_MOD', 'METER_MOD', 'BARRIER_REQUEST',
  'BARRIER_REPLY', 'QUEUE_GET_CONFIG_REQUEST', 'QUEUE_GET_CONFIG_REPLY', 'ROLE_REQUEST', 'ROLE_REPLY',
  'GET_ASYNC_REQUEST', 'GET_ASYNC_REPLY', 'SET_ASYNC',
];
const MULTIPART = [
  'DESC', 'FLOW', 'AGGREGATE', 'TABLE', 'PORT_STATS', 'PORT_DESC', 'QUEUE', 'GROUP', 'GROUP_DESC',
  'GROUP_FEATURES', 'METER', 'METER_CONFIG', 'METER_FEATURES', 'TABLE_FEATURES', 'EXPERIMENTER',
];

describe('golden vector corpus', () => {
  const vectors = loadVectors();
  const kinds = new Set(vectors.map((v) => v.expected).filter((m) => m !== undefined).map((m) =>
    (m.type === 'MULTIPART_REQUEST' || m.type === 'MULTIPART_REPLY' ? `${m.type}/${m.mpType}` : m.type)));

  it('every vector has its expected decoding', () => {
    expect(vectors.filter((v) => v.expected === undefined).map((v) => v.name)).toEqual([]);
  });

  it.each(MESSAGES)('has a %s vector', (type) => {
    expect(kinds.has(type)).toBe(true);
  });

  it.each(MULTIPART.flatMap((mp) => [`MULTIPART_REQUEST/${mp}`, `MULTIPART_REPLY/${mp}`]))('has a %s vector', (kind) => {
    expect(kinds.has(kind)).toBe(true);
  });

  it('has the special cases the issue names', () => {
    const byName = new Map(vectors.map((v) => [v.name, v.expected]));
    const hello = byName.get('hello-bitmap-1.0-1.3');
    expect(hello?.type === 'HELLO' && hello.elements.some((e) => e.type === 'VERSIONBITMAP')).toBe(true);
    const err = byName.get('error-experimenter');
    expect(err?.type === 'ERROR' && err.errType === 0xffff).toBe(true);
  });
});
