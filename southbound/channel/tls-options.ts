// TLS server options for the OpenFlow channel (spec 6.3.3: the switch and the
// controller authenticate each other with certificates). Switch certificates must
// chain to the configured CA; a switch without a valid certificate is refused during
// the TLS handshake, before any OpenFlow byte is read.
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import type { ChannelTlsConfig } from './config';

export function loadTlsServerOptions(cfg: ChannelTlsConfig): TlsOptions {
  return {
    key: readFileSync(cfg.keyFile),
    cert: readFileSync(cfg.certFile),
    ca: readFileSync(cfg.caFile),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}
