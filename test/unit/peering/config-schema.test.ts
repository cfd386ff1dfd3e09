import Ajv from 'ajv';
import { agentsSectionSchema } from '../../../peering/config-schema';

const validate = new Ajv({ allErrors: true, useDefaults: true }).compile(agentsSectionSchema);

describe('controller `agents` config section schema', () => {
  it('accepts listen + tls and fills in interval and expiry defaults', () => {
    const section: Record<string, unknown> = { listen: 'unix:/tmp/slr/agents.sock', tls: { caFile: 'a', certFile: 'b', keyFile: 'c' } };
    expect(validate(section)).toBe(true);
    expect(section).toMatchObject({ reportIntervalMs: 1000, missedReportsToExpire: 3 });
    expect(validate({ ...section, listen: '127.0.0.1:0' })).toBe(true);
  });

  it('rejects unknown keys, a bad listen address and a zero expiry', () => {
    const base = { listen: '127.0.0.1:50051', tls: { caFile: 'a', certFile: 'b', keyFile: 'c' } };
    expect(validate({ ...base, port: 1 })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'port' } });
    expect(validate({ ...base, tls: { ...base.tls, crl: 'x' } })).toBe(false);
    expect(validate({ ...base, listen: 'nowhere' })).toBe(false);
    expect(validate({ ...base, missedReportsToExpire: 0 })).toBe(false);
  });
});
