// The TLS file triple every listener and client of slr takes (OpenFlow channel, agent
// registration service, server agent): one schema so they stay the same. TLS is mutual
// wherever this triple is used: the peer's certificate must be signed by caFile.
export const TLS_FILES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['caFile', 'certFile', 'keyFile'],
  description: 'Mutual TLS: PEM files of the CA that signs the peers\' certificates and of this end\'s own certificate and key.',
  properties: {
    caFile: { type: 'string', minLength: 1, description: 'PEM file of the CA the peer\'s certificate must be signed by.', examples: ['/etc/slr/ca.pem'] },
    certFile: { type: 'string', minLength: 1, description: 'PEM file of this end\'s own certificate (chain).', examples: ['/etc/slr/controller.pem'] },
    keyFile: { type: 'string', minLength: 1, description: 'PEM file of the private key of certFile.', examples: ['/etc/slr/controller-key.pem'] },
  },
} as const;
