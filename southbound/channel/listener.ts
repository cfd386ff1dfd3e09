// The OpenFlow listening socket (TCP, or TLS with mutual certificate checks). Every
// accepted socket becomes a SwitchConnection; once it reaches READY the owner gets
// it through onSwitch. Errors of one socket are logged and end that socket only.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ChannelConfig, ChannelLogger } from './config';
import { DatapathRegistry } from './datapath-registry';
import { describeError } from './error-replies';
import { LogThrottle } from './log-throttle';
import { SwitchConnection } from './switch-connection';
import { loadTlsServerOptions } from './tls-options';

export class OfListener {
  /** Called when a connection reaches READY (after an older one with the same
   * datapath id, if any, has been closed). */
  onSwitch: (conn: SwitchConnection) => void = () => {};
  /** READY connections by datapath id. */
  readonly datapaths: DatapathRegistry<SwitchConnection>;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly connections = new Set<SwitchConnection>();
  private readonly dropLog: LogThrottle;

  constructor(private readonly cfg: ChannelConfig, private readonly log: ChannelLogger) {
    this.datapaths = new DatapathRegistry(log);
    this.dropLog = new LogThrottle(cfg.logIntervalMs);
  }

  /** Every open connection, READY or still in its handshake. */
  get connectionCount(): number {
    return this.connections.size;
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server !== null) return Promise.reject(new Error('OfListener is already listening'));
    const onSocket = (socket: net.Socket): void => this.accept(socket);
    let server: net.Server;
    if (this.cfg.tls !== undefined) {
      const tlsServer = tls.createServer(
        { ...loadTlsServerOptions(this.cfg.tls), handshakeTimeout: this.cfg.handshakeTimeoutMs },
        onSocket,
      );
      tlsServer.on('tlsClientError', (err: Error, socket: tls.TLSSocket) => {
        this.log.warn({ remote: `${socket.remoteAddress}:${socket.remotePort}`, err: err.message }, 'TLS handshake with switch failed');
      });
      server = tlsServer;
    } else {
      server = net.createServer(onSocket);
    }
    // Beyond this many open sockets new ones are closed at accept: idle or
    // half-handshaken connections cannot take memory without bound.
    server.maxConnections = this.cfg.maxConnections;
    server.on('drop', (data?: { remoteAddress?: string; remotePort?: number }) => {
      this.dropLog.hit((suppressed) => {
        this.log.warn({ remote: `${data?.remoteAddress}:${data?.remotePort}`, max: this.cfg.maxConnections, suppressed }, 'switch connection refused: too many open connections');
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      const failListen = (err: Error): void => reject(err);
      server.once('error', failListen);
      server.listen(this.cfg.port, this.cfg.host, () => {
        server.off('error', failListen);
        server.on('error', (err: Error) => this.log.error({ err: err.message }, 'OpenFlow listener error'));
        const address = server.address() as net.AddressInfo;
        this.log.info({ host: address.address, port: address.port, tls: this.cfg.tls !== undefined }, 'OpenFlow listener up');
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /**
   * Loads the TLS key, certificate and CA files again (certificate rotation): new switch
   * connections get them, open ones keep theirs. Throws when the listener is plain TCP
   * or the files do not load (then nothing changes).
   */
  reloadTls(cfg: NonNullable<ChannelConfig['tls']>): void {
    const server = this.server;
    if (!(server instanceof tls.Server)) throw new Error('the OpenFlow listener is plain TCP: TLS needs a restart');
    const o = loadTlsServerOptions(cfg);
    server.setSecureContext({ key: o.key, cert: o.cert, ca: o.ca, minVersion: o.minVersion });
  }

  /** Stop listening and close every connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const conn of [...this.connections]) conn.close('controller shutting down');
    for (const socket of this.sockets) socket.destroy();
    if (server === null) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // A socket error before the connection owns the socket must not be unhandled.
    socket.on('error', (err: Error) => this.log.debug({ remote, err: err.message }, 'socket error'));
    socket.setNoDelay(true);
    let conn: SwitchConnection;
    try {
      conn = new SwitchConnection(socket, this.cfg, this.log, remote);
    } catch (err) {
      this.log.error({ remote, err: describeError(err) }, 'cannot set up switch connection');
      socket.destroy();
      return;
    }
    this.connections.add(conn);
    conn.whenClosed(() => {
      this.connections.delete(conn);
      this.datapaths.release(conn);
    });
    this.log.debug({ remote }, 'switch connected');
    conn.ready().then(
      () => this.admit(conn),
      (err: unknown) => this.log.info({ remote, reason: describeError(err) }, 'switch handshake did not complete'),
    );
  }

  private admit(conn: SwitchConnection): void {
    if (conn.state !== 'READY') return;
    if (conn.features.auxiliaryId !== 0) {
      // Auxiliary connections (spec 6.3.6) are not supported; the main one stays.
      conn.close(`auxiliary connection ${conn.features.auxiliaryId} not supported`);
      return;
    }
    this.datapaths.claim(conn);
    try {
      this.onSwitch(conn);
    } catch (err) {
      this.log.error({ remote: conn.remote, err: describeError(err) }, 'onSwitch handler threw');
    }
  }
}
