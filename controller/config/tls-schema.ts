// The TLS file triple every listener and client of slr takes (OpenFlow channel, agent
// registration service, server agent): one schema so they stay the same.
export const TLS_FILES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['caFile', 'certFile', 'keyFile'],
  properties: {
    caFile: { type: 'string', minLength: 1 },
    certFile: { type: 'string', minLength: 1 },
    keyFile: { type: 'string', minLength: 1 },
  },
} as const;
