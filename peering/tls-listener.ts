// Mutual-TLS listener in front of the gRPC server. We terminate TLS ourselves (Node
// tls.Server, client certificate required and verified against the CA) and hand each
// authenticated socket to grpc-js through a connection injector, because grpc-js's own
// bindAsync refuses bad clients silently: this way an agent without a valid
// certificate is refused *and logged* with the reason.
// Node's rejectUnauthorized:true would destroy a socket with an untrusted certificate
// without telling us why, so we verify in 'secureConnection' ourselves
// (socket.authorized / authorizationError, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE for a
// certificate from another CA) and destroy the socket before gRPC ever sees it.
// Calls still see the peer certificate via call.getAuthContext(): the session socket
// grpc-js inspects is our TLSSocket, authorized by the handshake.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { ListenAddress } from './address';
import { Log } from './log';

export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface TlsListener {
  /** The bound address (the real port when 0 was asked for). */
  address: ListenAddress;
  /** New key, certificate and CA for new connections (certificate rotation); open ones keep theirs. */
  setMaterial(material: TlsMaterial): void;
  close(): Promise<void>;
}

function removeSocketFile(path: string): void {
  try {
    if (fs.statSync(path).isSocket()) fs.unlinkSync(path);
  } catch {
    // absent: nothing to remove
  }
}

/**
 * A socket file left by a crashed SLR would make listen() fail with EADDRINUSE, so it
 * is removed, but only after checking nobody answers on it: never steal the socket of
 * a running SLR.
 */
async function clearStaleSocket(path: string): Promise<void> {
  if (!fs.existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => { probe.destroy(); resolve(true); });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`unix socket ${path} is in use by another process`);
  removeSocketFile(path);
}

function remoteOf(socket: net.Socket | tls.TLSSocket): string {
  return socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'unix-socket';
}

export async function listenMutualTls(
  address: ListenAddress,
  material: TlsMaterial,
  injector: grpc.ConnectionInjector,
  log: Log,
  onHandshakeRefused: (error: string) => void,
): Promise<TlsListener> {
  const server = tls.createServer({
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    requestCert: true,
    rejectUnauthorized: false, // checked below, so that refusals can be logged
    ALPNProtocols: ['h2'],
    minVersion: 'TLSv1.2',
  });
  const refuse = (why: string, socket: net.Socket): void => {
    onHandshakeRefused(why);
    log.warn({ reason: 'tls-handshake', error: why, remote: remoteOf(socket) }, `peer refused at TLS handshake: ${why}`);
  };
  // Tracked so close() can end every connection, including half-done handshakes.
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    // An error on an established connection concerns that agent only.
    socket.on('error', (err) => log.debug({ err: err.message, remote: remoteOf(socket) }, 'agent connection error'));
    if (!socket.authorized) {
      const noCert = Object.keys(socket.getPeerCertificate()).length === 0;
      const why = noCert ? 'no client certificate' : `client certificate not trusted (${String(socket.authorizationError)})`;
      refuse(why, socket);
      socket.destroy();
      return;
    }
    injector.injectConnection(socket);
  });
  server.on('tlsClientError', (err: Error, socket: tls.TLSSocket) => refuse(err.message.trim(), socket));
  if (address.kind === 'unix') await clearStaleSocket(address.path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => { server.off('error', reject); resolve(); };
    if (address.kind === 'unix') server.listen(address.path, done);
    else server.listen(address.port, address.host, done);
  });
  server.on('error', (err) => log.error({ err: err.message }, 'agent listener error'));
  const bound = server.address();
  const actual: ListenAddress =
    address.kind === 'tcp' && bound && typeof bound === 'object' ? { ...address, port: bound.port } : address;
  return {
    address: actual,
    setMaterial: (m) => server.setSecureContext({ ca: m.ca, cert: m.cert, key: m.key, minVersion: 'TLSv1.2' }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
