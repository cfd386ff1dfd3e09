// Ties a call to a registrant's id through its TLS client certificate. grpc-js (>= 1.10)
// exposes the verified peer certificate on server calls via call.getAuthContext();
// the TLS layer has already checked it against the configured CA, so here we only
// read names out of it and compare certificates byte for byte.
import { X509Certificate } from 'node:crypto';
import { refusal, Refusal } from './refusals';

/** The names a certificate vouches for: its subject CN and its DNS SANs. */
export function certificateNames(cert: X509Certificate): string[] {
  const names: string[] = [];
  for (const line of cert.subject.split('\n')) {
    if (line.startsWith('CN=')) names.push(line.slice(3));
  }
  for (const entry of (cert.subjectAltName ?? '').split(',')) {
    const e = entry.trim();
    if (e.startsWith('DNS:')) names.push(e.slice(4));
  }
  return names;
}

export function commonName(cert: X509Certificate): string | undefined {
  return cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3);
}

/**
 * Checks that the verified peer certificate names `id`.
 * Returns the parsed peer certificate on success so callers can compare it further.
 */
export function checkPeerIdentity(peerDer: Buffer | undefined, id: string): Refusal | X509Certificate {
  if (!peerDer || peerDer.length === 0) {
    return refusal('no-peer-certificate', 'no verified client certificate on this connection');
  }
  const peer = new X509Certificate(peerDer);
  if (!certificateNames(peer).includes(id)) {
    return refusal(
      'id-mismatch',
      `id '${id}' does not match the client certificate (CN '${commonName(peer) ?? '?'}')`,
    );
  }
  return peer;
}

/** Checks that the PEM a registrant sent in its Hello is the certificate TLS authenticated. */
export function checkHelloCertificate(pem: string, peer: X509Certificate): Refusal | undefined {
  let sent: X509Certificate;
  try {
    sent = new X509Certificate(pem);
  } catch {
    return refusal('certificate-mismatch', 'certificate in Hello is not a valid PEM certificate');
  }
  if (!sent.raw.equals(peer.raw)) {
    return refusal(
      'certificate-mismatch',
      `certificate in Hello (CN '${commonName(sent) ?? '?'}', serial ${sent.serialNumber}) is not the TLS client certificate (serial ${peer.serialNumber})`,
    );
  }
  return undefined;
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'reason' in x && 'detail' in x;
}
